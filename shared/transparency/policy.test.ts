import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePolicy, quorumMet, quorumReachable } from '@/shared/transparency/policy';
import { SIGNATURE_TYPE, formatVkey } from '@/shared/transparency/signed-note';

const rawKey = () => Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
const logKey = formatVkey('gateway.example/log', SIGNATURE_TYPE.ed25519, rawKey());
const witness = (name: string) => formatVkey(name, SIGNATURE_TYPE.cosignatureV1, rawKey());

describe('trust policies (C2SP tlog-policy)', () => {
  it('reads the specification’s example of two groups of witnesses and evaluates its quorum', () => {
    const text = `log ${logKey}

witness X1 ${witness('x1.example')}
witness X2 ${witness('x2.example')}
witness X3 ${witness('x3.example')}
group X-witnesses 2 X1 X2 X3

witness Y1 ${witness('y1.example')}
witness Y2 ${witness('y2.example')}
witness Y3 ${witness('y3.example')}
group Y-witnesses any Y1 Y2 Y3

group X-and-Y all X-witnesses Y-witnesses
quorum X-and-Y
`;
    const result = parsePolicy(text);
    if (!result.ok) throw new Error(result.problem);
    const { policy } = result;
    expect(policy.logs).toHaveLength(1);
    expect(policy.witnesses.map((w) => w.name)).toEqual(['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3']);
    expect(quorumMet(policy, new Set(['X1', 'X3', 'Y2']))).toBe(true);
    expect(quorumMet(policy, new Set(['X1', 'Y1', 'Y2', 'Y3']))).toBe(false);
    expect(quorumMet(policy, new Set(['X1', 'X2']))).toBe(false);
  });

  it('allows comments, tabs, leading whitespace, URLs, and "quorum none"', () => {
    const result = parsePolicy(
      `  # our log\n\tlog ${logKey} https://gateway.example/\nwitness w1\t${witness('w1.example')} http://127.0.0.1:3300\nquorum none`,
    );
    expect(result.ok && result.policy.witnesses[0]?.url).toBe('http://127.0.0.1:3300');
    expect(result.ok && quorumMet(result.policy, new Set())).toBe(true);
  });

  it('refuses what the specification rules out, naming the line', () => {
    const w1 = witness('w1.example');
    const cases: [string, number][] = [
      [`witness w1 ${w1}\n`, 1],
      [`witness w1 ${w1}\nquorum w2\n`, 2],
      [`witness w1 ${w1}\nwitness w1 ${witness('w.example')}\nquorum w1\n`, 2],
      [`witness w1 ${w1}\nwitness w2 ${w1}\nquorum w1\n`, 2],
      [`witness w1 ${w1}\ngroup g 2 w1\nquorum g\n`, 2],
      [`witness w1 ${w1}\ngroup g 0 w1\nquorum g\n`, 2],
      [`witness w1 ${w1}\ngroup g any w1 w1\nquorum g\n`, 2],
      [`witness w1 ${w1}\ngroup g any w1 w2\nquorum g\n`, 2],
      [`witness none ${w1}\nquorum none\n`, 1],
      [`witness w1 ${logKey}\nquorum w1\n`, 1],
      [`log ${w1}\nquorum none\n`, 1],
      [`witness w1 ${w1}\nquorum w1\nquorum w1\n`, 3],
      [`witness w1 ${w1}\r\nquorum w1\n`, 1],
      [`witness w1 ${w1} http://a http://b\nquorum w1\n`, 1],
      [`vkey ${w1}\nquorum none\n`, 1],
    ];
    for (const [text, line] of cases) expect(parsePolicy(text), text).toMatchObject({ ok: false, line });
  });

  it('knows a quorum only ML-DSA-44 witnesses could meet cannot be met here', () => {
    const mlDsa = formatVkey('pq.example', SIGNATURE_TYPE.mlDsa44Cosignature, Buffer.alloc(1312, 1));
    const both = parsePolicy(`witness pq ${mlDsa}\nwitness ed ${witness('ed.example')}\ngroup g any pq ed\nquorum g\n`);
    const onlyPq = parsePolicy(`witness pq ${mlDsa}\nquorum pq\n`);
    expect(both.ok && quorumReachable(both.policy)).toBe(true);
    expect(onlyPq.ok && quorumReachable(onlyPq.policy)).toBe(false);
  });
});
