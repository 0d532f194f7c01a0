import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { acceptedEncoding, compressOnce } from '../src/core/http/encoding.js';

test('Accept-Encoding: Brotli first, then gzip; q=0 refuses; * accepts; nothing else is used', () => {
  const cases: [string | undefined, string | null][] = [
    [undefined, null],
    ['', null],
    ['identity', null],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['BR;Q=0.5', 'br'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0', null],
    ['br;q=0, *', 'gzip'],
    ['deflate', null],
    ['brotli, xgzip', null],
  ];
  for (const [header, expected] of cases) assert.equal(acceptedEncoding(header), expected, String(header));
});

test('compressOnce gives back the same bytes once decompressed', () => {
  const body = Buffer.from(`<!DOCTYPE html><p>${'Čeština, English, Deutsch. '.repeat(200)}</p>`);
  assert.deepEqual(brotliDecompressSync(compressOnce(body, 'br')), body);
  assert.deepEqual(gunzipSync(compressOnce(body, 'gzip')), body);
  assert.ok(compressOnce(body, 'br').length < body.length / 10);
});
