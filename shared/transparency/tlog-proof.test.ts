import { describe, expect, it } from 'vitest';
import { formatTlogProof, parseTlogProof } from '@/shared/transparency/tlog-proof';

// The specification's example (C2SP tlog-proof.md), signature lines shortened there and here alike.
const EXAMPLE = `c2sp.org/tlog-proof@v1
extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6
index 73894
gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=
RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=
AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=

example.com/fancylog
109482
sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=

— example.com/fancylog hI2DJw==
— witness1.example mJirIklj==
`;

describe('C2SP tlog-proof', () => {
  it("reads the specification's example and writes it back byte for byte", () => {
    const proof = parseTlogProof(EXAMPLE)!;
    expect(proof.index).toBe(73894);
    expect(proof.extra?.toString('utf8')).toBe('age-v1.2.1-darwin-arm64.tar.gz');
    expect(proof.proof).toHaveLength(5);
    expect(proof.checkpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true);
    expect(formatTlogProof(proof)).toBe(EXAMPLE);
  });

  it('takes a proof without extra data and with no hashes (a tree of one)', () => {
    const text = formatTlogProof({ extra: null, index: 0, proof: [], checkpoint: 'log\n1\nAA==\n\n— log x\n' });
    expect(text).toBe('c2sp.org/tlog-proof@v1\nindex 0\n\nlog\n1\nAA==\n\n— log x\n');
    expect(parseTlogProof(text)).toMatchObject({ index: 0, proof: [], extra: null });
  });

  it.each([
    ['another header', EXAMPLE.replace('tlog-proof@v1', 'tlog-proof@v2')],
    ['a leading zero', EXAMPLE.replace('index 73894', 'index 073894')],
    ['no index', EXAMPLE.replace('index 73894\n', '')],
    ['a short hash', EXAMPLE.replace('AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=', 'AHCi')],
    ['no checkpoint', 'c2sp.org/tlog-proof@v1\nindex 1\n\n'],
  ])('refuses %s', (_, text) => {
    expect(parseTlogProof(text)).toBeNull();
  });
});
