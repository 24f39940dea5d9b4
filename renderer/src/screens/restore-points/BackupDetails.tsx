// Everything known about the selected restore point, its actions, and the outcome
// of verifying it. Entries with unusable metadata say why instead of crashing.
import type { BackupListEntry, BackupMeta } from '../../../../shared/types';
import { Notice } from '../../components/Notice';
import { Field } from '../../components/Field';
import { HelpTip } from '../../components/HelpTip';
import {
  backupLabel,
  formatBytes,
  formatCount,
  formatDateTime,
  formatRelative,
  formatTrigger,
  formatVariant,
} from '../../format';
import { GLOSSARY, layoutHelp } from '../../glossary';
import { useJob } from '../../hooks/jobs-context';
import { useNow } from '../../hooks/useNow';
import { BackupActions } from './BackupActions';
import { entryStatusLabel } from './entry-status';
import type { VerifyJobs } from './useVerifyJobs';
import { VerifyOutcome } from './VerifyOutcome';

interface BackupDetailsProps {
  entry: BackupListEntry;
  verifyJobs: VerifyJobs;
  onRestore(id: string): void;
  onDeleted(id: string): void;
  onChanged(): void;
}

function LastVerified({ meta }: { meta: BackupMeta }) {
  const verified = meta.lastVerified;
  if (!verified) return <>Never</>;
  return (
    <>
      {formatDateTime(verified.at)}: {verified.ok ? 'intact' : 'problems found'}
      {!verified.ok && verified.problems.length > 0 && (
        <ul className="problem-list">
          {verified.problems.map((problem, i) => (
            <li key={i}>{problem}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What a user decides on first; the stored particulars wait behind "Technical details". */
function MetaFields({ meta, now }: { meta: BackupMeta; now: number }) {
  return (
    <>
      <dl className="fields">
        <Field label="Created">
          {formatDateTime(meta.createdAt)} ({formatRelative(meta.createdAt, now)})
        </Field>
        <Field label="Trigger">
          {formatTrigger(meta.trigger)}
          {meta.pinned ? ' · pinned, kept by cleanup' : ''}
        </Field>
        <Field label="Tracks">
          {formatCount(meta.stats.tracks)} ({formatCount(meta.stats.analyzed)} analysed,{' '}
          {formatCount(meta.stats.pending)} pending, {formatCount(meta.stats.failed)} failed)
        </Field>
        <Field label="Formats">
          {formatCount(meta.stats.beat3tower)} beat3tower
          <HelpTip text={GLOSSARY.beat3tower} />, {formatCount(meta.stats.legacy)} legacy
          <HelpTip text={GLOSSARY.legacy} />
        </Field>
        <Field label="Size">
          {formatBytes(meta.sizes.compressedBytes)} ({formatBytes(meta.sizes.databaseBytes)} unpacked)
        </Field>
        <Field label="Last verified">
          <LastVerified meta={meta} />
        </Field>
      </dl>
      <details className="details-more">
        <summary>Technical details</summary>
        <dl className="fields">
          <Field label="ID" mono>
            {meta.id}
          </Field>
          <Field label="Library path" mono>
            {meta.library.path}
          </Field>
          <Field label="Layout">
            {formatVariant(meta.library.variant)}
            <HelpTip text={layoutHelp(meta.library.variant)} />
          </Field>
          <Field label="Schema fingerprint">
            <span className="mono">{meta.library.schemaFingerprint}</span>
            <HelpTip text={GLOSSARY.schemaFingerprint} />
          </Field>
          <Field label="SHA-256" mono>
            {meta.sha256}
          </Field>
          <Field label="Versions">
            app {meta.appVersion}, backup format {meta.formatVersion}
          </Field>
        </dl>
      </details>
    </>
  );
}

/** What a listing knows even without metadata. */
function BasicFields({ entry }: { entry: BackupListEntry }) {
  return (
    <dl className="fields">
      <Field label="ID" mono>
        {entry.id}
      </Field>
      <Field label="Size">{formatBytes(entry.sizeBytes)}</Field>
      {entry.sha256 && (
        <Field label="SHA-256" mono>
          {entry.sha256}
        </Field>
      )}
    </dl>
  );
}

export function BackupDetails({ entry, verifyJobs, onRestore, onDeleted, onChanged }: BackupDetailsProps) {
  const now = useNow();
  const verifyJob = useJob(verifyJobs.jobIdFor(entry.id));
  const statusLabel = entryStatusLabel(entry.status);

  return (
    <section className="details" aria-label="Restore point details">
      <div className="details-header">
        <h2 className="details-title" title={entry.name ?? `Unnamed backup ${entry.id}`}>
          {backupLabel(entry)}
        </h2>
        <BackupActions
          entry={entry}
          verifying={verifyJob?.state === 'running'}
          onVerify={() => void verifyJobs.start(entry.id)}
          onRestore={() => onRestore(entry.id)}
          onDeleted={onDeleted}
          onPinnedChanged={onChanged}
        />
      </div>
      <div className="details-body">
        <VerifyOutcome job={verifyJob} startError={verifyJobs.startErrorFor(entry.id)} />
        {statusLabel && (
          <Notice tone="warning">
            <strong className="notice-title">{statusLabel}.</strong>{' '}
            {entry.problem ?? 'This restore point’s metadata cannot be used, so it cannot be restored.'}
          </Notice>
        )}
        {entry.meta ? <MetaFields meta={entry.meta} now={now} /> : <BasicFields entry={entry} />}
      </div>
    </section>
  );
}
