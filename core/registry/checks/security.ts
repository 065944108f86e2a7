// Security checks on the candidate's file, from its scan and a fresh hash: which operator
// domains it needs (custom domains mean native code the runtime must load), whether any weights
// live outside its folder, its size, its interface, and whether the stored bytes are still the
// ones registered.
import path from 'node:path';
import type { CheckResult, GovernancePolicy, ModelScan } from '../types.js';
import { checkResult, formatNumber, quoteList, skippedCheck } from './check-result.js';

export type SecurityPolicy = NonNullable<GovernancePolicy['checks']['security']>;

export interface SecurityContext {
  scan: ModelScan;
  registeredSha256: string;
  /** The stored file hashed again now, or why that failed. */
  rehash: { sha256: string; size: number } | { error: string };
  /** Columns of the evaluation dataset, when one is configured. */
  evaluationColumns?: string[];
}

const bytesPerMegabyte = 1024 * 1024;

export function securityChecks(policy: SecurityPolicy, context: SecurityContext): CheckResult[] {
  return [domainsCheck(policy, context.scan), externalDataCheck(context.scan), sizeCheck(policy, context.scan), interfaceCheck(policy, context), pinnedCheck(context)];
}

/** The default domain is written "" in ONNX files and "ai.onnx" in scans and policies: compare them as one. */
function domainName(domain: string): string {
  return domain === '' ? 'ai.onnx' : domain;
}

function domainsCheck(policy: SecurityPolicy, scan: ModelScan): CheckResult {
  const allowed = new Set(policy.allowed_domains.map(domainName));
  const used = scan.domains.map(domainName);
  const disallowed = used.filter((domain) => !allowed.has(domain));
  const inputs = { allowed_domains: policy.allowed_domains };
  const numbers = { domains: used, disallowed };
  if (disallowed.length > 0) return checkResult('security.domains', 'security', 'fail', `the model uses operator domains outside the allowed list: ${quoteList(disallowed)}`, inputs, numbers);
  return checkResult('security.domains', 'security', 'pass', `all ${used.length} operator domains are allowed (${quoteList(used)})`, inputs, numbers);
}

function externalDataCheck(scan: ModelScan): CheckResult {
  // A location is read relative to the model file; absolute paths and ones climbing out of the
  // folder could make loading the model read any file on the machine.
  const escaping = scan.externalData.filter(({ location }) => {
    const normalised = path.posix.normalize(location.replaceAll('\\', '/'));
    return path.posix.isAbsolute(normalised) || path.win32.isAbsolute(location) || normalised === '..' || normalised.startsWith('../');
  });
  const numbers = { external_tensors: scan.externalData.length, escaping };
  if (escaping.length > 0) {
    const named = escaping.map(({ tensor, location }) => `'${tensor}' → '${location}'`).join(', ');
    return checkResult('security.external_data', 'security', 'fail', `${escaping.length} tensors read data from outside the model's folder: ${named}`, {}, numbers);
  }
  const summary = scan.externalData.length === 0 ? 'all weights are inside the model file' : `${scan.externalData.length} tensors use external data, all inside the model's folder`;
  return checkResult('security.external_data', 'security', 'pass', summary, {}, numbers);
}

function sizeCheck(policy: SecurityPolicy, scan: ModelScan): CheckResult {
  const megabytes = scan.size / bytesPerMegabyte;
  const passed = megabytes <= policy.max_size_mb;
  const summary = `${formatNumber(megabytes)} MB ${passed ? '≤' : '>'} ${formatNumber(policy.max_size_mb)} MB`;
  return checkResult('security.size', 'security', passed ? 'pass' : 'fail', summary, { max_size_mb: policy.max_size_mb, bytes_per_mb: bytesPerMegabyte }, { bytes: scan.size, megabytes });
}

function interfaceCheck(policy: SecurityPolicy, context: SecurityContext): CheckResult {
  const inputNames = context.scan.inputs.map((input) => input.name);
  const outputNames = context.scan.outputs.map((output) => output.name);
  const missingOutputs = policy.required_outputs.filter((name) => !outputNames.includes(name));
  const inputs = { allowed_inputs: policy.allowed_inputs, required_outputs: policy.required_outputs, evaluation_columns: context.evaluationColumns ?? null };
  const problems: string[] = [];
  if (missingOutputs.length > 0) problems.push(`required outputs missing: ${quoteList(missingOutputs)}`);
  let unexpected: string[] = [];
  let absent: string[] = [];
  let inputsChecked = true;
  if (policy.allowed_inputs === 'dataset') {
    if (context.evaluationColumns) {
      const columns = new Set(context.evaluationColumns);
      unexpected = inputNames.filter((name) => !columns.has(name));
      if (unexpected.length > 0) problems.push(`inputs that are not columns of the evaluation dataset: ${quoteList(unexpected)}`);
    } else {
      inputsChecked = false;
    }
  } else {
    const listed = new Set(policy.allowed_inputs);
    unexpected = inputNames.filter((name) => !listed.has(name));
    absent = policy.allowed_inputs.filter((name) => !inputNames.includes(name));
    if (unexpected.length > 0) problems.push(`inputs not in the allowed list: ${quoteList(unexpected)}`);
    if (absent.length > 0) problems.push(`allowed inputs the model does not take: ${quoteList(absent)}`);
  }
  const numbers = { inputs: inputNames, outputs: outputNames, unexpected_inputs: unexpected, absent_inputs: absent, missing_outputs: missingOutputs };
  if (problems.length > 0) return checkResult('security.io', 'security', 'fail', problems.join('; '), inputs, numbers);
  if (!inputsChecked) {
    return skippedCheck('security.io', 'security', 'inputs are to be checked against the evaluation dataset, and the policy names none (required outputs are present)', inputs);
  }
  const against = policy.allowed_inputs === 'dataset' ? 'columns of the evaluation dataset' : 'exactly the allowed inputs';
  return checkResult('security.io', 'security', 'pass', `${inputNames.length} inputs are ${against}; required outputs present (${quoteList(policy.required_outputs)})`, inputs, numbers);
}

function pinnedCheck(context: SecurityContext): CheckResult {
  const inputs = { registered_sha256: context.registeredSha256 };
  if ('error' in context.rehash) return checkResult('security.sha256', 'security', 'error', `the stored model file could not be read: ${context.rehash.error}`, inputs);
  const { sha256, size } = context.rehash;
  const numbers = { sha256, size };
  if (sha256 !== context.registeredSha256) {
    return checkResult('security.sha256', 'security', 'fail', `the stored file hashes to ${sha256}, not the registered ${context.registeredSha256}: it changed after registration`, inputs, numbers);
  }
  return checkResult('security.sha256', 'security', 'pass', `pinned: the stored file still hashes to the registered sha256 ${sha256.slice(0, 12)}…`, inputs, numbers);
}
