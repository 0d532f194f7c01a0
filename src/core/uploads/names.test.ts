import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanFileName, contentDisposition, extensionOf, urlNameOf } from './names.js';

describe('file names', () => {
  test('a name to show keeps only the last part of a path, and no control, direction or invisible character', () => {
    assert.equal(cleanFileName('C:\\Users\\eva\\minutes.pdf'), 'minutes.pdf');
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('photo\u202Egpj.exe'), 'photogpj.exe');
    assert.equal(cleanFileName('a\u0000b\u0085c\u200Bd\uFEFF.txt'), 'abcd.txt');
    assert.equal(cleanFileName('  ..hidden .txt '), 'hidden .txt');
    assert.equal(cleanFileName('Zápis'.normalize('NFD') + '.txt'), 'Zápis.txt', 'NFC');
    assert.equal(cleanFileName('..'), '');
  });

  test('a long name is cut to 200 characters, whole characters, with its extension kept', () => {
    const cut = cleanFileName(`${'😀'.repeat(300)}.docx`);
    assert.equal([...cut].length, 200);
    assert.ok(cut.endsWith('😀.docx'));
    assert.equal(
      cleanFileName(`${'a'.repeat(250)}.${'x'.repeat(20)}`).length,
      200,
      'an "extension" too long to be one is cut like the rest',
    );
  });

  test('the extension is what follows the last dot, lower case', () => {
    assert.equal(extensionOf('Report.PDF'), 'pdf');
    assert.equal(extensionOf('archive.tar.gz'), 'gz');
    assert.equal(extensionOf('README'), '');
    assert.equal(extensionOf('.profile'), '');
    assert.equal(extensionOf('name.'), '');
  });

  test('the name in an address is plain ASCII, or a fallback', () => {
    assert.equal(urlNameOf('Zápis z jednání – Brno.txt', 'file.txt'), 'Zapis-z-jednani-Brno.txt');
    assert.equal(urlNameOf('<script>alert(1)</script>.txt', 'file.txt'), 'script-alert-1-script.txt');
    assert.equal(urlNameOf('Αθήνα.pdf', 'file.pdf'), 'file.pdf', 'nothing left before the extension');
    assert.equal(urlNameOf('..', 'file.txt'), 'file.txt');
    assert.match(urlNameOf(`${'a'.repeat(300)}.csv`, 'file.csv'), /^a{96}\.csv$/);
  });

  test('Content-Disposition carries an ASCII stand-in and the name itself, percent-encoded', () => {
    assert.equal(contentDisposition('plain.txt'), `attachment; filename="plain.txt"; filename*=UTF-8''plain.txt`);
    assert.equal(
      contentDisposition('Zápis "1"; 100%.txt'),
      `attachment; filename="Zapis _1__ 100_.txt"; filename*=UTF-8''Z%C3%A1pis%20%221%22%3B%20100%25.txt`,
    );
    assert.equal(
      contentDisposition("it's (x)*.txt"),
      `attachment; filename="it_s (x)_.txt"; filename*=UTF-8''it%27s%20%28x%29%2A.txt`,
    );
  });
});
