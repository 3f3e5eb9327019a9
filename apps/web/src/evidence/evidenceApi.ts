import type { EvidenceDetailDto, EvidenceLinkDto } from '@pairline/contracts';
import type { CivilDate, EvidenceRevisionStatus } from '@pairline/domain';
import { httpClient } from '../auth/httpClient';

const API_URL = '/api';

export interface EvidenceRevisionUpload {
  effectiveOn: CivilDate;
  expiresOn?: CivilDate | null;
  url?: string | null;
  note?: string | null;
  files: File[];
}

export interface EvidenceDataProvider {
  uploadEvidenceRevision(evidenceId: string, upload: EvidenceRevisionUpload): Promise<EvidenceDetailDto>;
  setEvidenceRevisionStatus(evidenceId: string, revision: number, request: { status: EvidenceRevisionStatus; reason?: string; version: number }): Promise<EvidenceDetailDto>;
  linkEvidence(evidenceId: string, request: { scalId: string; identifier: string }): Promise<EvidenceLinkDto>;
  unlinkEvidence(evidenceId: string, linkId: string): Promise<void>;
  /** Removes the link between an evidence item and one SCAL requirement, whichever link id it has. */
  unlinkEvidenceFromRequirement(evidenceId: string, scalId: string, identifier: string): Promise<void>;
}

const evidencePath = (id: string) => `${API_URL}/evidence/${encodeURIComponent(id)}`;

/** Where a stored file downloads from: the API serves it as an attachment to the signed-in user. */
export const evidenceFileUrl = (evidenceId: string, fileId: string) => `${evidencePath(evidenceId)}/files/${encodeURIComponent(fileId)}`;

export const evidenceMethods: EvidenceDataProvider = {
  uploadEvidenceRevision: async (evidenceId, upload) => {
    // The API reads the fields before the files (it streams the files to storage as they arrive).
    const form = new FormData();
    form.append('effectiveOn', upload.effectiveOn);
    if (upload.expiresOn) form.append('expiresOn', upload.expiresOn);
    if (upload.url) form.append('url', upload.url);
    if (upload.note) form.append('note', upload.note);
    for (const file of upload.files) form.append('files', file, file.name);
    // fetchJson leaves Content-Type alone for FormData, so the browser sets the multipart boundary.
    return (await httpClient(`${evidencePath(evidenceId)}/revisions`, { method: 'POST', body: form })).json as EvidenceDetailDto;
  },
  setEvidenceRevisionStatus: async (evidenceId, revision, request) =>
    (await httpClient(`${evidencePath(evidenceId)}/revisions/${revision}/status`, { method: 'POST', body: JSON.stringify(request) })).json as EvidenceDetailDto,
  linkEvidence: async (evidenceId, request) => (await httpClient(`${evidencePath(evidenceId)}/links`, { method: 'POST', body: JSON.stringify(request) })).json as EvidenceLinkDto,
  unlinkEvidence: async (evidenceId, linkId) => {
    await httpClient(`${evidencePath(evidenceId)}/links/${encodeURIComponent(linkId)}`, { method: 'DELETE' });
  },
  unlinkEvidenceFromRequirement: async (evidenceId, scalId, identifier) => {
    const detail = (await httpClient(evidencePath(evidenceId), { cache: 'no-store' })).json as EvidenceDetailDto;
    const link = detail.links.find((l) => l.scalId === scalId && l.identifier === identifier);
    if (link) await evidenceMethods.unlinkEvidence(evidenceId, link.id);
  },
};
