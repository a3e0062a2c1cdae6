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
