import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

/** Compressed files by hashed name (their content), for the process: an app built again compresses nothing. */
const compressedOnce = new Map<string, Asset>();

function compressed(hashed: string, body: Buffer, type: string, compressible: boolean): Asset {
  let asset = compressedOnce.get(hashed);
  if (!asset) {
    asset = {
      body,
      type,
      gzip: compressible ? gzipSync(body, { level: 9 }) : body,
      brotli: compressible ? brotliCompressSync(body) : body,
    };
    compressedOnce.set(hashed, asset);
  }
  return asset;
}

/**
 * The static files, read and compressed once at start. Each is served under a name that
 * carries a hash of its content, so browsers may keep it for a year.
 */
export class AssetRegistry {
  private readonly byUrl = new Map<string, Asset>();
  private readonly urls = new Map<string, string>();

  constructor(dir: URL) {
    for (const name of readdirSync(dir)) {
      const ext = name.split('.').pop() ?? '';
      const type = TYPES[ext];
      if (!type) continue;
      const body = readFileSync(new URL(name, dir));
      const digest = createHash('sha256').update(body).digest('hex').slice(0, 10);
      const hashed = `${name.slice(0, -ext.length - 1)}.${digest}.${ext}`;
      this.byUrl.set(hashed, compressed(hashed, body, type, ext !== 'png' && ext !== 'woff2'));
      this.urls.set(name, `/assets/${hashed}`);
    }
  }

  /** The public URL of a source file name; throws for a name that does not exist. */
  url(name: string): string {
    const url = this.urls.get(name);
    if (!url) throw new Error(`no asset named ${name} in public/`);
    return url;
  }

  get(hashedName: string): Asset | undefined {
    return this.byUrl.get(hashedName);
  }
}
