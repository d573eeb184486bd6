import { AGENCY_KINDS, AGENCY_LEVELS } from '@enlace/core';
import { z } from 'zod';

export const TRANSFER_STATUSES = [
  'requested',
  'approved',
  'rejected',
  'cancelled',
  'accepted',
  'declined',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

const Reason = z.string().trim().min(10, 'at least 10 characters').max(2000);

/** A caseworker asks to move the case to another agency (an agency id of the public directory). */
export const TransferRequestBody = z.strictObject({
  toAgencyId: z.string().min(1).max(64),
  reason: Reason,
});
/** Rejecting (sending supervisor) or declining (receiving supervisor) needs a reason. */
export const TransferReasonBody = z.strictObject({ reason: Reason });
export const TransferParams = z.strictObject({ id: z.uuid() });
export const CaseParams = z.strictObject({ id: z.uuid() });
export const TransferListQuery = z.strictObject({
  box: z.enum(['incoming', 'outgoing']),
});

/** What the receiving supervisor needs to decide, taken when the transfer is requested. */
export const TransferSummary = z.object({
  displayName: z.string().nullable(),
  sex: z.string().nullable(),
  age: z.number().nullable(),
  languages: z.array(z.string()),
  needs: z.array(z.string()),
  municipality: z.string().nullable(),
});
export type TransferSummary = z.infer<typeof TransferSummary>;

export const AgencyContact = z.object({
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
});
export type AgencyContact = z.infer<typeof AgencyContact>;

export const TransferView = z.object({
  id: z.string(),
  caseId: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  fromAgencyId: z.string(),
  fromAgencyName: z.string(),
  toAgencyId: z.string(),
  toAgencyName: z.string(),
  person: TransferSummary,
  reason: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string().nullable(),
  requestedAt: z.string(),
  approvedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  answeredByName: z.string().nullable(),
  answeredAt: z.string().nullable(),
  answerReason: z.string().nullable(),
  /** The contact each agency gives other agencies (its agency settings), null when it gave none. */
  fromAgencyContact: AgencyContact.nullable(),
  toAgencyContact: AgencyContact.nullable(),
  /** The caller's agency's side of this transfer. */
  mySide: z.enum(['sending', 'receiving']),
  /** Whether the caller's agency holds the case now (the receiving agency once accepted). */
  caseIsOurs: z.boolean(),
});
export type TransferView = z.infer<typeof TransferView>;

/** Counts for the navigation and the inbox (no personal data). */
export const TransferCounts = z.object({
  incoming: z.number(),
  toApprove: z.number(),
  openOutgoing: z.number(),
});
export const TransferList = z.object({ items: z.array(TransferView) });
export const TransferInbox = TransferList.extend({ counts: TransferCounts });

/** An agency of the public directory a case may be transferred to. */
export const Destination = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(AGENCY_LEVELS),
  kind: z.enum(AGENCY_KINDS),
  stateCode: z.string().nullable(),
});
export const DestinationList = z.object({ items: z.array(Destination) });
