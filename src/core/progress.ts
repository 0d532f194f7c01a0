// The progress of a long command-line import: a bar on a terminal, or (for a log) a plain line at
// every tenth of a large file on standard error. Shared by the commands that import files.
import cliProgress from 'cli-progress';

export interface ImportProgress {
  /** Give it to the import as its `onProgress`. */
  onProgress: (done: number, total: number) => void;
  /** Takes the bar away (call it before printing the report). */
  stop: () => void;
}

/**
 * `unit` names what is counted ("rows", "actions"); without a terminal, files of fewer than
 * `plainFrom` of them print no progress lines at all.
 */
export function importProgress(options: { show: boolean; unit: string; plainFrom: number }): ImportProgress {
  const bar =
    options.show && process.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          {
            format: `Importing {bar} {percentage}% | {value}/{total} ${options.unit} | {duration_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
            fps: 5,
          },
          cliProgress.Presets.shades_classic,
        )
      : null;
  let started = false;
  let lastLine = 0;
  return {
    onProgress: (done, total) => {
      if (bar) {
        if (!started) bar.start(total, done);
        else bar.update(done);
        started = true;
      } else if (total >= options.plainFrom && (done === total || done - lastLine >= Math.ceil(total / 10))) {
        console.error(`Importing: ${done}/${total} ${options.unit}`);
        lastLine = done;
      }
    },
    stop: () => bar?.stop(),
  };
}
