// Package fetch is memlint fetch: it reads the documents of AgentCore
// Memory setups from live AWS accounts and writes them as a snapshot
// directory that memlint check reads like any other input.
//
// Every call is read-only: only Get, List and Describe operations, and
// sts:AssumeRole and sts:GetCallerIdentity, which change nothing. A
// middleware on every client refuses any other operation before a request
// is built, and a test enumerates the operations the package can reach.
//
// A snapshot holds each document as the service returned it, indented
// (IAM's URL-encoded policies decoded), a generated memlint.yaml that ties
// the documents together, and provenance.json naming each document's
// account, region, API call and time. A document that does not exist, or
// could not be read, is recorded there and in the manifest (a destination's
// policy_status) instead of stopping the fetch. Credentials are never
// written: not to the snapshot, not to the output.
package fetch
