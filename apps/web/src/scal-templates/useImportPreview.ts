import type { ScalLevel, ScalMappingTarget, ScalSheetSettings } from '@pairline/domain';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { PairlineDataProvider } from '../auth';
import type { ColumnMapping, ScalImportPreviewDto, SheetSettings } from '../scals/scalsApi';
import { distinctHeaders, effectiveMapping, type DistinctHeader } from './importModel';

/** How long the wizard waits after the last change before asking the server to read the file again. */
const PREVIEW_DEBOUNCE_MS = 400;

interface PreviewRequest {
  sheets: SheetSettings;
  /** Absent until the user changes a column: the server then reads with its own suggestion. */
  mapping?: ColumnMapping;
}

export interface ImportPreview {
  /** Uploads a file (replacing any earlier one); `onUploaded` runs once the server has read and kept it. */
  upload: (file: File, onUploaded?: () => void) => void;
  uploading: boolean;
  uploadError: unknown;
  /** The latest preview the server answered (for the settings before the last change while one is pending). */
  preview: ScalImportPreviewDto | null;
  /** The server has answered for exactly the settings on screen. */
  settled: boolean;
  refreshing: boolean;
  previewError: unknown;
  settings: SheetSettings;
  setSheet: (name: string, change: Partial<ScalSheetSettings>) => void;
  headers: DistinctHeader[];
  mapping: ColumnMapping;
  mapHeader: (key: string, target: ScalMappingTarget | null) => void;
  /** What the import is sent: the mapping for every header on screen and the tab settings. */
  request: { mapping: ColumnMapping; sheets: SheetSettings };
}

/**
 * The file is uploaded once; every change of a tab setting or a column re-reads it on the server
 * (debounced), never uploading again. A header row change brings other headers: the next answer
 * suggests fields for them, and the wizard sends its mapping again with those included.
 */
export function useImportPreview(): ImportPreview {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const [settings, setSettings] = useState<SheetSettings>({});
  const [overrides, setOverrides] = useState<Record<string, ScalMappingTarget | null>>({});
  const [latest, setLatest] = useState<ScalImportPreviewDto | null>(null);
  const [debounced, setDebounced] = useState<PreviewRequest>({ sheets: {} });
  const upload = useMutation({
    mutationFn: (file: File) => dataProvider.uploadScalFile(file),
    onMutate: () => {
      setSettings({});
      setOverrides({});
      setDebounced({ sheets: {} });
      setLatest(null);
    },
  });
  const uploaded = upload.data ?? null;
  const fileId = uploaded?.file.id ?? null;
  const initial = Object.keys(debounced.sheets).length === 0 && debounced.mapping === undefined;
  const query = useQuery({
    queryKey: ['scal-import-preview', fileId, debounced],
    queryFn: () => dataProvider.previewScalFile(fileId!, debounced),
    enabled: !!fileId,
    // The upload's own answer is the preview with no settings: no need to ask again.
    initialData: initial && uploaded ? uploaded : undefined,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  // The answer for the settings asked last, else the last one answered (while an answer is pending, or after an error).
  const answered = query.data?.file.id === fileId ? query.data : null;
  const base = answered ?? (latest?.file.id === fileId ? latest : null) ?? uploaded;
  const headers = useMemo(() => (base ? distinctHeaders(base, settings) : []), [base, settings]);
  const mapping = useMemo(() => (base ? effectiveMapping(headers, base.suggestedMapping, overrides) : {}), [base, headers, overrides]);
  const request: PreviewRequest = useMemo(() => ({ sheets: settings, ...(Object.keys(overrides).length ? { mapping } : {}) }), [settings, overrides, mapping]);
  const requestText = JSON.stringify(request);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(JSON.parse(requestText) as PreviewRequest), PREVIEW_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [requestText]);
  useEffect(() => {
    if (query.data && !query.isPlaceholderData) setLatest(query.data);
  }, [query.data, query.isPlaceholderData]);

  const current = requestText === JSON.stringify(debounced);
  return {
    upload: (file, onUploaded) => upload.mutate(file, { onSuccess: () => onUploaded?.() }),
    uploading: upload.isPending,
    uploadError: upload.error,
    preview: base,
    settled: !!answered && current && !query.isFetching && !query.isPlaceholderData && !query.error,
    refreshing: !!fileId && (!current || query.isFetching),
    previewError: query.error,
    settings,
    setSheet: (name, change) =>
      setSettings((all) => {
        const next: ScalSheetSettings = { ...all[name], ...change };
        // Absent means the default: the suggested header row, MUST, included.
        const cleaned = Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== undefined && !(k === 'include' && v === true))) as { headerRow?: number; defaultLevel?: ScalLevel; include?: boolean };
        const rest = Object.fromEntries(Object.entries(all).filter(([n]) => n !== name));
        return Object.keys(cleaned).length ? { ...rest, [name]: cleaned } : rest;
      }),
    headers,
    mapping,
    mapHeader: (key, target) => setOverrides((all) => ({ ...all, [key]: target })),
    request: { mapping, sheets: settings },
  };
}
