import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, apiUrl } from '../../api/client.ts';
import { errorMessage } from '../../i18n/errors.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { GraphView, KIND_COLOURS } from './GraphView.tsx';
import { IdentifiersSection, type Subject } from './IdentifiersSection.tsx';
import { InvestigationLink } from './InvestigationLink.tsx';
import type { Neighbourhood, NetEdge, NetNode, Overview, PathResult, SearchResult } from './types.ts';
import './network.css';

/** A search box that lists persons and identifiers and calls `onPick` with the one chosen. */
function NodeSearch({ id, label, onPick }: { id: string; label: string; onPick: (n: NetNode) => void }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<NetNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setItems((await api.get<SearchResult>('/network/search', { query: { q } })).items);
    } catch (err) {
      setError(errorMessage(i18n, err));
    }
  };
  return (
    <div className="net-search">
      <form onSubmit={submit} className="net-search-form">
        <TextField
          id={id}
          label={label}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          minLength={2}
          required
        />
        <Button type="submit">{t('network.search.button')}</Button>
      </form>
      {error ? <Alert kind="error">{error}</Alert> : null}
      {items && items.length === 0 ? <p>{t('network.search.none')}</p> : null}
      {items && items.length > 0 ? (
        <ul className="net-results" aria-label={t('network.search.results')}>
          {items.map((n) => (
            <li key={n.id}>
              <button type="button" className="net-node-button" onClick={() => onPick(n)}>
                <NodeName node={n} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function NodeName({ node }: { node: NetNode }) {
  const { t } = useTranslation();
  return (
    <span className="net-node-name">
      <span
        className="net-dot"
        style={{ background: KIND_COLOURS[node.kind] ?? '#555' }}
        aria-hidden="true"
      />
      <span>{node.label.startsWith('#') ? t('network.unnamed') : node.label}</span>
      <span className="net-kind">
        {t(`network.kind.${node.kind}`)}
        {node.roles.length ? ` · ${node.roles.map((r) => t(`network.role.${r}`)).join(', ')}` : ''}
      </span>
    </span>
  );
}

const relationText = (t: (k: string) => string, e: NetEdge) =>
  e.relations
    .map((r) => t(`network.relation.${r.startsWith('perpetrator_') ? 'perpetrator' : r}`))
    .join(', ');

export default function NetworkPage() {
  const { t, i18n } = useTranslation();
  const [overview, setOverview] = useState<Overview | null>(null);
  // `/network?node=…` opens a node (the links from a defendant's identifiers)
  const [params] = useSearchParams();
  const [selected, setSelected] = useState<string | null>(() => params.get('node'));
  const [hops, setHops] = useState(1);
  /** bumped when an identifier is recorded or removed here: the neighbourhood is read again */
  const [tick, setTick] = useState(0);
  const [hood, setHood] = useState<Neighbourhood | null>(null);
  const [path, setPath] = useState<PathResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<'graph' | 'list'>(() =>
    typeof window !== 'undefined' && window.innerWidth < 700 ? 'list' : 'graph',
  );
  const [webgl, setWebgl] = useState(true);

  useEffect(() => {
    api
      .get<Overview>('/network')
      .then(setOverview)
      .catch((err) => setError(errorMessage(i18n, err)));
  }, [i18n]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` asks for the same node again
  useEffect(() => {
    if (!selected) return;
    setError(null);
    api
      .get<Neighbourhood>(`/network/nodes/${encodeURIComponent(selected)}`, { query: { hops } })
      .then(setHood)
      .catch((err) => setError(errorMessage(i18n, err)));
  }, [selected, hops, i18n, tick]);

  const open = useCallback((id: string) => {
    setSelected(id);
    setHops(1);
    setPath(null);
  }, []);
  const noWebgl = useCallback(() => {
    setWebgl(false);
    setView('list');
  }, []);
  const findPath = async (to: NetNode) => {
    if (!selected) return;
    try {
      setPath(
        await api.get<PathResult>(
          `/network/nodes/${encodeURIComponent(selected)}/path/${encodeURIComponent(to.id)}`,
        ),
      );
    } catch (err) {
      setError(errorMessage(i18n, err));
    }
  };
  const highlight = useMemo(() => new Set(path?.nodes.map((n) => n.id) ?? []), [path]);
  const center = hood?.nodes.find((n) => n.id === hood.center) ?? null;
  const byId = useMemo(() => new Map(hood?.nodes.map((n) => [n.id, n]) ?? []), [hood]);
  const nf = (x: number) => x.toLocaleString(i18n.language, { maximumFractionDigits: 3 });

  return (
    <div className="net-page">
      <PageHeader title={t('network.title')} description={t('network.description')} />
      {error ? <Alert kind="error">{error}</Alert> : null}

      <section className="card" aria-labelledby="net-overview">
        <h2 id="net-overview">{t('network.overview.title')}</h2>
        {overview ? (
          <>
            <p>
              {t('network.overview.sizes', {
                nodes: overview.nodes.toLocaleString(i18n.language),
                edges: overview.edges.toLocaleString(i18n.language),
                communities: overview.communities.toLocaleString(i18n.language),
              })}
            </p>
            <h3>{t('network.overview.central')}</h3>
            {overview.centralActors.length === 0 ? <p>{t('network.overview.noCentral')}</p> : null}
            <ol className="net-central">
              {overview.centralActors.map((n) => (
                <li key={n.id}>
                  <button type="button" className="net-node-button" onClick={() => open(n.id)}>
                    <NodeName node={n} />
                  </button>
                  <span className="net-metrics">
                    {t('network.metric.links', { n: n.degree })} · {t('network.metric.betweenness')}{' '}
                    {nf(n.betweenness)}
                  </span>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p>{t('network.loading')}</p>
        )}
      </section>

      <section className="card" aria-labelledby="net-find">
        <h2 id="net-find">{t('network.search.title')}</h2>
        <NodeSearch id="net-q" label={t('network.search.label')} onPick={(n) => open(n.id)} />
      </section>

      {hood && center ? (
        <section className="card" aria-labelledby="net-hood">
          <h2 id="net-hood">
            {t('network.hood.title', {
              name: center.label.startsWith('#') ? t('network.unnamed') : center.label,
            })}
          </h2>
          <dl className="net-facts">
            <div>
              <dt>{t('network.hood.kind')}</dt>
              <dd>
                {t(`network.kind.${center.kind}`)}
                {center.roles.length
                  ? ` · ${center.roles.map((r) => t(`network.role.${r}`)).join(', ')}`
                  : ''}
              </dd>
            </div>
            <div>
              <dt>{t('network.hood.community')}</dt>
              <dd>
                {t('network.hood.communityText', { id: center.community + 1, size: center.communitySize })}
              </dd>
            </div>
            <div>
              <dt>{t('network.metric.degree')}</dt>
              <dd>{center.degree}</dd>
            </div>
            <div>
              <dt>{t('network.metric.betweenness')}</dt>
              <dd>{nf(center.betweenness)}</dd>
            </div>
            <div>
              <dt>{t('network.metric.pagerank')}</dt>
              <dd>{nf(center.pagerank)}</dd>
            </div>
          </dl>
          {center.id.startsWith(DEFENDANT) ? (
            <p>
              <Link to={`/defendants/${center.id.slice(DEFENDANT.length)}`}>
                {t('network.hood.defendantPage')}
              </Link>
            </p>
          ) : null}
          {center.kind === 'investigation' ? <InvestigationLink nodeId={center.id} /> : null}
          <p aria-live="polite">
            {t('network.hood.showing', {
              hops: hood.hops,
              nodes: hood.nodes.length,
              edges: hood.edges.length,
            })}
            {hood.truncated ? ` ${t('network.hood.truncated')}` : ''}
          </p>
          <div className="net-actions">
            <Button
              variant="secondary"
              disabled={hops >= 3}
              onClick={() => setHops((h) => Math.min(3, h + 1))}
            >
              {t('network.hood.expand')}
            </Button>
            {hops > 1 ? (
              <Button variant="secondary" onClick={() => setHops(1)}>
                {t('network.hood.reset')}
              </Button>
            ) : null}
            <fieldset className="net-view-toggle">
              <legend>{t('network.view.legend')}</legend>
              <label>
                <input
                  type="radio"
                  name="net-view"
                  checked={view === 'graph'}
                  disabled={!webgl}
                  onChange={() => setView('graph')}
                />{' '}
                {t('network.view.graph')}
              </label>
              <label>
                <input
                  type="radio"
                  name="net-view"
                  checked={view === 'list'}
                  onChange={() => setView('list')}
                />{' '}
                {t('network.view.list')}
              </label>
            </fieldset>
          </div>
          {!webgl ? <p className="hint">{t('network.view.noWebgl')}</p> : null}
          {view === 'graph' ? (
            <GraphView
              nodes={hood.nodes}
              edges={hood.edges}
              center={hood.center}
              highlight={highlight}
              onSelect={open}
              onUnavailable={noWebgl}
              label={t('network.view.graphLabel', { nodes: hood.nodes.length, edges: hood.edges.length })}
            />
          ) : null}
          <h3>{t('network.list.links')}</h3>
          <ul className="net-links">
            {hood.edges.map((e) => {
              const a = byId.get(e.source);
              const b = byId.get(e.target);
              if (!a || !b) return null;
              return (
                <li key={`${e.source}|${e.target}`}>
                  <button type="button" className="net-node-button" onClick={() => open(a.id)}>
                    <NodeName node={a} />
                  </button>
                  <span className="net-rel">— {relationText(t, e)} —</span>
                  <button type="button" className="net-node-button" onClick={() => open(b.id)}>
                    <NodeName node={b} />
                  </button>
                </li>
              );
            })}
          </ul>
          <h3>{t('network.hood.members', { size: center.communitySize })}</h3>
          <ul className="net-members">
            {hood.communityMembers.map((n) => (
              <li key={n.id}>
                <button type="button" className="net-node-button" onClick={() => open(n.id)}>
                  <NodeName node={n} />
                </button>
              </li>
            ))}
          </ul>

          <h3>{t('network.path.title')}</h3>
          <NodeSearch id="net-to" label={t('network.path.label')} onPick={findPath} />
          {path ? (
            path.found ? (
              <ol className="net-path" aria-label={t('network.path.result')}>
                {path.nodes.map((n, i) => (
                  <li key={n.id}>
                    <NodeName node={n} />
                    {path.edges[i] ? (
                      <span className="net-rel"> — {relationText(t, path.edges[i]!)} ↓</span>
                    ) : null}
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('network.path.none')}</p>
            )
          ) : null}

          <h3>{t('network.export.title')}</h3>
          <p className="hint">{t('network.export.hint')}</p>
          <div className="net-actions">
            {(['json', 'csv', 'graphml'] as const).map((f) => (
              <a
                key={f}
                className="btn btn-secondary"
                href={apiUrl(`/network/nodes/${encodeURIComponent(hood.center)}/export`, {
                  format: f,
                  hops: hood.hops,
                })}
                download
              >
                {t(`network.export.${f}`)}
              </a>
            ))}
          </div>
        </section>
      ) : null}
      {center && identifierSubject(center.id) ? (
        <IdentifiersSection
          key={center.id}
          subject={identifierSubject(center.id)!}
          onChange={() => setTick((x) => x + 1)}
        />
      ) : null}
    </div>
  );
}

const DEFENDANT = 'person:defendant-';
/** Who an identifier recorded from a person's node goes on: a defendant, an exchange person, or nobody (a
 * perpetrator named only in a case's account, or a case's own person). */
function identifierSubject(node: string): Subject | null {
  if (node.startsWith(DEFENDANT)) return { defendantId: node.slice(DEFENDANT.length) };
  if (!node.startsWith('person:')) return null;
  const id = node.slice('person:'.length);
  if (id.startsWith('perp-') || id.startsWith('cw-')) return null;
  return { personId: id };
}
