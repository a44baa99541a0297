// The AWS SDK warns on every start that releases after January 2027 will need Node 22. It is
// about future SDK upgrades, not this run; keep stderr for things a user must act on.
const emit = process.emitWarning;
process.emitWarning = function emitWarningExceptSdkNodeNotice(warning, ...rest) {
  const type = typeof rest[0] === 'string' ? rest[0] : rest[0] && rest[0].type;
  if (type === 'NodeVersionSupportWarning' || String(warning).includes('AWS SDK for JavaScript (v3)')) return;
  return emit.call(process, warning, ...rest);
};
