// Writes what the installers ship about third-party licences into the build output
// (build/third-party/, never committed): THIRD_PARTY_NOTICES.md with every text, and the
// licence files themselves under licenses/ (restic/, go/go@<version>/ for Go itself, and
// go/<module>@<version>/ for each module). The folder is made beside the old one and
// swapped in whole, so a failed run never leaves half a set for electron-builder.
import fs from 'node:fs';
import path from 'node:path';

function put(dir, file, text) {
  const at = path.join(dir, ...file.split('/'));
  fs.mkdirSync(path.dirname(at), { recursive: true });
  fs.writeFileSync(at, `${text}\n`);
}

/** Writes `text` (the full notices) and the files of `licences` (collectGoLicences) to `outDir`. */
export function writePackagedNotices({ outDir, text, licences }) {
  const temp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(temp, { recursive: true, force: true });
  try {
    put(temp, 'THIRD_PARTY_NOTICES.md', text.trimEnd());
    const licenses = path.join(temp, 'licenses');
    for (const f of licences.restic.files) put(path.join(licenses, 'restic'), f.file, f.text);
    for (const f of licences.go.files)
      put(path.join(licenses, 'go', `go@${licences.go.version}`), f.file, f.text);
    for (const m of licences.modules) {
      for (const f of m.files) put(path.join(licenses, 'go', `${m.module}@${m.version}`), f.file, f.text);
    }
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.renameSync(temp, outDir);
  } catch (err) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
}
