import { expect, it } from 'vitest';
import { publishDisclosure } from '@/prisma/seed/factories';
import { currentDisclosure } from '@/server/disclosure/current-disclosure';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

describeEachDatabase('the current disclosure of a service', (kind) => {
  const database = useTestDatabase(kind);

  it("is the newest version in the reader's language, else the newest German one", async () => {
    const prisma = database().prisma;
    const service = await prisma.videoService.create({
      data: {
        key: `svc-${Date.now()}-${kind}`,
        name: 'Dienst',
        operator: 'Betreiber',
        processingRegion: 'EU_EEA',
        thirdCountries: [],
        endToEndEncrypted: true,
        canRecord: false,
        joinUrlTemplate: 'https://example.org/{room}',
      },
    });
    expect(await currentDisclosure(prisma, service.id, 'de')).toBeNull();

    const de1 = await publishDisclosure(prisma, { videoServiceId: service.id, language: 'de', title: 'T', body: 'Eins' });
    expect((await currentDisclosure(prisma, service.id, 'en'))?.id, 'falls back to German').toBe(de1.id);

    const en1 = await publishDisclosure(prisma, { videoServiceId: service.id, language: 'en', title: 'T', body: 'One' });
    const de2 = await publishDisclosure(prisma, { videoServiceId: service.id, language: 'de', title: 'T', body: 'Zwei' });
    const de3 = await publishDisclosure(prisma, { videoServiceId: service.id, language: 'de', title: 'T', body: 'Drei' });
    expect(await currentDisclosure(prisma, service.id, 'en')).toMatchObject({
      id: en1.id,
      language: 'en',
      version: 1,
      contentHash: en1.contentHash,
    });
    expect(await currentDisclosure(prisma, service.id, 'de')).toMatchObject({ id: de3.id, version: 3, publishedAt: de3.publishedAt });
    expect(de2.version).toBe(2);
  });
});
