import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An extension whose content script does nothing, injected where ours is (every frame, at
 * document_start), with a service worker so that the harness sees it loaded: the baseline for
 * what injecting a content script costs a page. Written to a temporary folder, returned.
 */
export function writeEmptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'partner-lens-bench-empty-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty content script (benchmark baseline)',
    version: '1.0',
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['<all_urls>'], js: ['content.js'], run_at: 'document_start', all_frames: true, match_about_blank: true }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), '');
  writeFileSync(join(dir, 'content.js'), 'void 0;\n');
  return dir;
}
