import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

type Size = { width: number; height: number };

/** One row is left free so Ink never has to clear the screen. */
const sizeOf = (stdout: NodeJS.WriteStream): Size => ({ width: stdout.columns || 80, height: Math.max(10, (stdout.rows || 24) - 1) });

/** The terminal's size, updated on resize. */
export function useTerminalSize(): Size {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = () => setSize(sizeOf(stdout));
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}
