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
export interface TransferSummary {
  displayName: string | null;
  sex: string | null;
  age: number | null;
  languages: string[];
  needs: string[];
  municipality: string | null;
}

export interface AgencyContact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

export interface TransferView {
  id: string;
  caseId: string;
  status: TransferStatus;
  fromAgencyId: string;
  fromAgencyName: string;
  toAgencyId: string;
  toAgencyName: string;
  person: TransferSummary;
  reason: string;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  approvedByName: string | null;
  approvedAt: string | null;
  answeredByName: string | null;
  answeredAt: string | null;
  answerReason: string | null;
  /** The contact each agency gives other agencies (its agency settings), null when it gave none. */
  fromAgencyContact: AgencyContact | null;
  toAgencyContact: AgencyContact | null;
  /** The caller's agency's side of this transfer. */
  mySide: 'sending' | 'receiving';
  /** Whether the caller's agency holds the case now (the receiving agency once accepted). */
  caseIsOurs: boolean;
}
