// The preview in numbers: what a restore of the chosen kinds would do, and the analysis
// formats before -> after.
import { countForKinds, formatsAfterKinds, type RestoreKind } from '../../../../shared/restore-kinds';
import type { FeatureFormat, RestorePreviewSummary } from '../../../../shared/types';
import { formatCount } from '../../format';
import { StatTile } from '../library/StatTile';

const FORMATS: FeatureFormat[] = ['beat3tower', 'legacy', 'none'];
const FORMAT_ROW_LABELS: Record<FeatureFormat, string> = {
  beat3tower: 'beat3tower',
  legacy: 'Legacy',
  none: 'No analysis',
};

export function PreviewSummary({
  summary,
  include,
}: {
  summary: RestorePreviewSummary;
  include: readonly RestoreKind[];
}) {
  const toRestore = countForKinds(summary, include);
  const formatsAfter = formatsAfterKinds(summary.formatsBefore, summary.kindFormatDeltas, include);
  return (
    <section className="preview-summary" aria-label="Preview summary">
      <div className="stat-grid stat-grid-4">
        <StatTile testId="count-toRestore" label="To restore" value={formatCount(toRestore)} />
        <StatTile testId="count-unchanged" label="Unchanged" value={formatCount(summary.unchanged)} />
        <StatTile
          testId="count-notInLibrary"
          label="Not in library"
          value={formatCount(summary.notInLibrary)}
        />
        <StatTile testId="count-libraryOnly" label="Library only" value={formatCount(summary.libraryOnly)} />
      </div>
      <table className="format-table">
        <caption className="visually-hidden">Analysis formats before and after the restore</caption>
        <thead>
          <tr>
            <th scope="col">Format</th>
            <th scope="col" className="cell-num">
              Now
            </th>
            <th scope="col" className="cell-num">
              After restore
            </th>
          </tr>
        </thead>
        <tbody>
          {FORMATS.map((format) => (
            <tr key={format}>
              <th scope="row">{FORMAT_ROW_LABELS[format]}</th>
              <td className="cell-num">{formatCount(summary.formatsBefore[format])}</td>
              <td className="cell-num">{formatCount(formatsAfter[format])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
