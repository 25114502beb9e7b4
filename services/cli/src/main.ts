import { buildProgram } from './program';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // One line the person can act on (an unknown id, a bad value, a missing setting, a server that
  // does not answer); VIGIL_DEBUG=1 shows the whole error.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `vigil: ${process.env.VIGIL_DEBUG ? String((error as Error).stack) : message}\n`,
  );
  const code = (error as { code?: unknown }).code;
  process.exitCode = code === 'VIGIL_CONFIG_INVALID' ? 2 : 1;
}
