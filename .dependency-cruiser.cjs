/**
 * Layer rules of DESIGN §3, checked on every `npm test` (a violation fails the build):
 *   shared ← main, shared ← renderer, shared ← server; main, renderer and server never import each other;
 *   src/shared is pure (no node:, no electron, nothing else of ours);
 *   a workstation service imports another service only through its index.ts;
 *   only src/main/app, src/main/preload and the Electron capture provider import 'electron'.
 */
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'src/shared imports nothing of ours outside src/shared',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'shared-no-platform',
      comment: 'src/shared runs in Node, Electron and the browser: no Node built-ins, no electron',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'shared-no-electron',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'main-not-server-or-renderer',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/(server|renderer)/' },
    },
    {
      name: 'renderer-not-main-or-server',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { path: '^src/(server|main)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'the renderer is sandboxed: no Node built-ins',
      severity: 'error',
      from: { path: '^src/renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'server-not-main-or-renderer',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(main|renderer)/' },
    },
    {
      name: 'electron-only-in-app-and-preload',
      comment: "only src/main/app, src/main/preload and the Electron capture provider import 'electron'",
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: ['^src/main/app/', '^src/main/preload/', '^src/main/capture/providers/electron', '^src/main/capture/electron\\.ts$'],
      },
      to: { path: '(^|/)node_modules/electron/' },
    },
    {
      name: 'service-through-index',
      comment: 'a workstation service imports another service only through its index.ts',
      severity: 'error',
      from: { path: '^src/main/([^/]+)/' },
      // src/main/capture/electron.ts: the Electron provider's own entry, imported by src/main/app only.
      to: { path: '^src/main/[^/]+/', pathNot: ['^src/main/$1/', '^src/main/[^/]+/index\\.[cm]?[jt]sx?$', '^src/main/capture/electron\\.ts$'] },
    },
    {
      name: 'no-circular',
      comment: 'import cycles (type-only imports excepted: they vanish at runtime)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    exclude: { path: '\\.d\\.ts$' },
  },
};
