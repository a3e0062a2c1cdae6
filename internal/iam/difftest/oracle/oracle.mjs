// The oracle side of memlint's IAM differential test: reads cases (one JSON
// object a line, as internal/iam/difftest writes them) on stdin, evaluates
// each with @cloud-copilot/iam-simulate's runSimulation, and writes one JSON
// result a line on stdout, in the same order.
//
// Usage: node oracle.mjs INSTALL_DIR < cases.jsonl > results.jsonl
// INSTALL_DIR holds node_modules with the simulator (npm ci of this folder's
// package-lock.json); the script itself is not installed there.
import { createRequire } from 'node:module'
import path from 'node:path'
import readline from 'node:readline'

const dir = process.argv[2]
if (!dir) {
  console.error('usage: node oracle.mjs INSTALL_DIR < cases.jsonl')
  process.exit(2)
}
const require = createRequire(path.join(path.resolve(dir), 'package.json'))
const { runSimulation } = require('@cloud-copilot/iam-simulate')

// The AWS managed FullAWSAccess SCP, attached to every level of the
// organisation unless the case detaches it (AWS Organizations User Guide,
// orgs_manage_policies_scps_evaluation.html). RCPFullAWSAccess the
// simulator adds to every RCP level itself.
const fullAWSAccess = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }]
}

// The services whose resources RCPs restrict (AWS Organizations User
// Guide, orgs_manage_policies_rcps.html): Amazon S3, AWS STS, AWS KMS, Amazon
// SQS and AWS Secrets Manager. The simulator applies whatever RCPs it is
// given, so which apply is decided here, as is every exemption below.
const rcpServices = new Set(['s3', 'sts', 'kms', 'sqs', 'secretsmanager'])

// orgChain returns the simulator's SCP or RCP input for account: one entry
// per level of its path (root first, the account last) with the policies
// attached there. SCPs and RCPs do not apply to the management account
// (orgs_manage_policies_scps.html, orgs_manage_policies_rcps.html), nor to
// an account outside the organisation.
function orgChain(org, kind, account) {
  if (!org || !account || account === org.management || !org.accounts[account]) {
    return []
  }
  const detached = new Set(org.noFullAccess || [])
  return [...org.accounts[account], account].map((target) => {
    const policies = []
    if (kind === 'scp' && !detached.has(target)) {
      policies.push({ name: `FullAWSAccess@${target}`, policy: fullAWSAccess })
    }
    ;(org.policies || []).forEach((p, i) => {
      if (p.kind === kind && p.targets.includes(target)) {
        policies.push({ name: `${kind}-${i}@${target}`, policy: p.policy })
      }
    })
    return { orgIdentifier: target, policies }
  })
}

function simulation(c) {
  const contextVariables = {}
  for (const [k, v] of Object.entries(c.context || {})) {
    contextVariables[k] = v
  }
  const sim = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables
    },
    identityPolicies: (c.identity || []).map((p, i) => ({ name: `identity-${i}`, policy: p })),
    serviceControlPolicies: [],
    resourceControlPolicies: []
  }
  if (c.resourcePolicy) {
    sim.resourcePolicy = c.resourcePolicy
  }
  const service = !c.principal.startsWith('arn:')
  if (c.org) {
    // SCPs restrict the principals of member accounts; a service principal
    // belongs to no account (orgs_manage_policies_scps.html).
    if (!service) {
      sim.serviceControlPolicies = orgChain(c.org, 'scp', c.principal.split(':')[4])
    }
    if (rcpServices.has(c.resource.split(':')[2])) {
      sim.resourceControlPolicies = orgChain(c.org, 'rcp', c.resourceAccount)
    }
  }
  if (c.boundary) {
    sim.permissionBoundaryPolicies = [{ name: 'boundary', policy: c.boundary }]
  }
  return sim
}

const deniedResource = new Set(['ExplicitlyDenied', 'DeniedForAccount'])

async function evaluate(c) {
  let res
  try {
    res = await runSimulation(simulation(c), { simulationMode: 'Strict' })
  } catch (e) {
    return { id: c.id, error: `exception: ${e && e.message ? e.message : String(e)}` }
  }
  if (res.resultType === 'error') {
    return { id: c.id, error: JSON.stringify(res.errors) }
  }
  if (res.resultType !== 'single') {
    return { id: c.id, error: `unexpected result type ${res.resultType}` }
  }
  const a = res.result.analysis
  const out = { id: c.id, result: res.overallResult }
  if (a.identityAnalysis && a.identityAnalysis.result === 'ExplicitlyDenied') {
    out.identityDeny = true
  }
  if (a.resourceAnalysis && deniedResource.has(a.resourceAnalysis.result)) {
    out.resourceDeny = true
  }
  if (a.scpAnalysis && a.scpAnalysis.result === 'ExplicitlyDenied') {
    out.scpDeny = true
  }
  if (a.rcpAnalysis && a.rcpAnalysis.result === 'ExplicitlyDenied') {
    out.rcpDeny = true
  }
  if (a.permissionBoundaryAnalysis && a.permissionBoundaryAnalysis.result === 'ExplicitlyDenied') {
    out.boundaryDeny = true
  }
  if (res.result.ignoredContextKeys && res.result.ignoredContextKeys.length > 0) {
    out.ignored = res.result.ignoredContextKeys
  }
  return out
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity })
const chunks = []
for await (const line of rl) {
  if (line.trim() === '') continue
  const c = JSON.parse(line)
  chunks.push(JSON.stringify(await evaluate(c)))
  if (chunks.length >= 512) {
    process.stdout.write(chunks.join('\n') + '\n')
    chunks.length = 0
  }
}
if (chunks.length > 0) {
  process.stdout.write(chunks.join('\n') + '\n')
}
