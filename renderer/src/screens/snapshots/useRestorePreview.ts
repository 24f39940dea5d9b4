// The preview of restoring a request to a target (null: the original place), asked
// again whenever the target changes; an answer for an older target is never shown.
import { useEffect, useState } from 'react';
import type { RestoreFilesPlan } from '../../../../shared/repository-tools-types';
import { useBridge } from '../../bridge/bridge-context';
import { errorMessage } from '../../errors';

export interface RestorePreviewState {
  plan: RestoreFilesPlan | null;
  error: string | null;
  loading: boolean;
}

interface Selection {
  snapshot: { id: string };
  paths?: string[];
  tracks?: string[];
}

export function useRestorePreview(request: Selection, to: string | null): RestorePreviewState {
  const bridge = useBridge();
  const [answer, setAnswer] = useState<{ asked: string } & RestorePreviewState>({
    asked: '',
    plan: null,
    error: null,
    loading: true,
  });
  // An empty folder name means "not typed yet": nothing to ask.
  const asked = to === '' ? '' : `to:${to ?? ''}`;

  useEffect(() => {
    if (asked === '') return;
    let live = true;
    bridge
      .previewRestoreFiles({
        snapshot: request.snapshot.id,
        ...(request.paths ? { paths: request.paths } : {}),
        ...(request.tracks ? { tracks: request.tracks } : {}),
        ...(to !== null ? { to } : {}),
      })
      .then(
        (plan) => live && setAnswer({ asked, plan, error: null, loading: false }),
        (err: unknown) => live && setAnswer({ asked, plan: null, error: errorMessage(err), loading: false }),
      );
    return () => {
      live = false;
    };
  }, [bridge, request, to, asked]);

  if (answer.asked !== asked) return { plan: null, error: null, loading: true };
  return answer;
}
