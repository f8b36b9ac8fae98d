import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import * as path from 'node:path';

/** The repository root, whether running from sources (jest) or from the compiled dist/ tree. */
export function repositoryRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    if (path.basename(dir) === 'dist') return path.dirname(dir);
    dir = path.dirname(dir);
  }
  return path.resolve(__dirname, '..', '..');
}

/**
 * Bundles the workflow code once per process. From sources the `@libs/*` aliases are resolved here; the compiled
 * tree already has relative imports.
 */
export async function bundleCaseWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const compiled = __dirname.includes(`${path.sep}dist${path.sep}`);
  const root = repositoryRoot();
  const workflowsDir = compiled ? path.join(root, 'dist', 'workflows') : path.join(root, 'workflows');
  const extension = compiled ? 'js' : 'ts';
  const aliasRoot = compiled ? path.join(root, 'dist') : root;
  return bundleWorkflowCode({
    workflowsPath: path.join(workflowsDir, `index.${extension}`),
    // Part of the bundle, not of the worker options: a worker given a prebuilt bundle ignores
    // `interceptors.workflowModules`, and every worker here (and the replay test) runs from a bundle.
    workflowInterceptorModules: [
      path.join(workflowsDir, `interceptors.${extension}`),
      path.join(workflowsDir, `tracing-interceptors.${extension}`),
    ],
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = {
        ...(config.resolve.alias as Record<string, string> | undefined),
        '@libs': path.join(aliasRoot, 'libs'),
        '@activities': path.join(aliasRoot, 'activities'),
      };
      return config;
    },
    logger: quietBundlerLogger,
  });
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
  log: () => undefined,
};
