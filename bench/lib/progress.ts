// A one-line progress bar on stderr (no dependency); silent when stderr is not a terminal, except
// for a line every 10 % so that CI logs show progress too.
export function progressBar(label: string, total: number) {
  const started = Date.now();
  let lastTenth = -1;
  let lastDraw = 0;
  return {
    update(done: number) {
      const now = Date.now();
      const tenth = Math.floor((done / total) * 10);
      if (process.stderr.isTTY) {
        if (now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((done / total) * width);
        const rate = done / Math.max(0.001, (now - started) / 1000);
        process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} (${Math.round(rate)}/s)`);
        if (done >= total) process.stderr.write('\n');
      } else if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${Math.round((done / total) * 100)} %\n`);
      }
    },
  };
}
