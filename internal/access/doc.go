// Package access computes memlint's effective-access view: for each memory,
// which principals of which accounts can call which of the 15 data-plane
// actions once both sides (the memory's resource policy and the caller's
// identity policies) and every explicit Deny are taken into account, and
// which destinations the memory can actually deliver to (execution-role
// permission × destination policy × trust policy × the KMS key of an
// encrypted destination).
//
// Every decision comes from iam.Evaluate; this package only chooses the
// requests (who, which action, which resource, what context is known) and
// renders the outcome as a terminal table (WriteText), JSON (WriteJSON) or a
// Mermaid flowchart (WriteMermaid). A cell that depends on a condition
// memlint cannot decide statically is "unknown" and says which condition;
// a principal whose identity policies were not supplied is evaluated on the
// resource side only and says so.
//
// Which callers get a row: every principal a memory policy's Allow names
// (an account root stands for "any principal of that account" and is
// evaluated as a request from the account, so a condition on
// aws:PrincipalArn naming one of its roles is decided against the root
// ARN), plus every known role whose identity policies reach the memory or
// whose account a policy grants. Deliveries need sts:AssumeRole by
// bedrock-agentcore.amazonaws.com with aws:SourceArn and aws:SourceAccount
// of the memory, then sns:Publish on the topic, s3:PutObject on bucket/*,
// or kinesis:PutRecords and kinesis:DescribeStream on the stream, each
// allowed by the role's permission policies and the destination's policy.
// A destination encrypted with a KMS key adds a third condition: the KMS
// actions iam.KeyActions names (SNS kms:GenerateDataKey and kms:Decrypt;
// S3 and Kinesis kms:GenerateDataKey) on the key, decided on the role's
// policies and the key policy together (a key policy must admit the role
// even in its own account; naming the account root delegates to the role's
// policies). A cross-account destination on an AWS managed key (alias/aws/…)
// is denied; a key computed at deploy time, an alias memlint cannot resolve
// or a key policy not supplied leave the step unknown. Like iam.Evaluate, the view ignores SCPs, RCPs, permissions boundaries
// and session policies.
//
// # JSON schema (memlint.access/v1)
//
// WriteJSON prints one object; arrays are sorted as described and every
// field is always present (empty string, false or [] when there is nothing
// to say), so the output is byte-stable:
//
//	{
//	  "schema": "memlint.access/v1",
//	  "memories": [                       // sorted by arn, then name
//	    {
//	      "arn": "arn:aws:bedrock-agentcore:…:memory/…", // "" when unknown
//	      "name": "…",                    // memory id, else definition name
//	      "account": "111122223333",
//	      "region": "us-east-1",
//	      "execution_role": "arn:aws:iam::…:role/…", // "" when the definition names none
//	      "resource_policies": ["file.json"],        // supplied memory policies by position; file:line when a file holds several
//	      "grants": [                     // by resource_policies order, account, kind (broadest first), principal
//	        {
//	          "principal": "arn:aws:iam::444455556666:root", // or "*"
//	          "kind": "account",          // account, role, user, assumed-role, service, public
//	          "account": "444455556666",  // "" for "*"
//	          "resource_policy": "file.json", // "" when none was supplied
//	          "identity": "supplied",     // supplied | not supplied
//	          "summary": "12 actions (5 read/list, 7 write)",
//	          "reach": "organization o-a1b2c3d4e5", // for "*" and an account root: who it
//	                                      // effectively lets in after conditions and Denies
//	                                      // (public | organization … | account … | principals … | none); "" otherwise
//	          "status": "allowed",        // allowed | partial | denied | unknown
//	          "reason": "…",              // why nothing is allowed ("" otherwise)
//	          "guardrail": "service control policy org/deny.json:4 NoMemory (ou-ab12-11111111)",
//	                                      // the SCPs, RCPs or permissions boundary that block actions
//	                                      // both sides grant; absent when none does
//	          "actions": [                // all 15, in the order of Actions
//	            {
//	              "action": "bedrock-agentcore:CreateEvent",
//	              "decision": "allowed",  // allowed | denied | explicit-deny | unknown
//	              "resource_side_only": true,
//	              "detail": "allowed if StringEquals aws:PrincipalOrgID o-1",
//	                                      // unknown: what it depends on; explicit-deny: the Deny;
//	                                      // allowed: the request values it needs, when the grant is
//	                                      // scoped by keys the caller sends ("for requests where
//	                                      // StringLike bedrock-agentcore:namespace /support/*")
//	              "statements": ["file.json:7 Sid"],
//	              "guardrail": "…"        // what blocks this action although the policies allow it
//	                                      // ("detail" then says "blocked by …"); absent when nothing does
//	            }
//	          ]
//	        }
//	      ],
//	      "deliveries": [                 // by service, then destination
//	        {
//	          "service": "sns",           // s3, sns or kinesis
//	          "destination": "arn:aws:sns:…", // bucket as arn:aws:s3:::name; the expression when computed at deploy time
//	          "account": "444455556666",  // "" when the ARN has none (S3)
//	          "status": "allowed",        // allowed | denied | unknown
//	          "reason": "…",              // first blocking step ("" when allowed)
//	          "guardrail": "…",           // the SCP, RCP or boundary that blocks a step the policies
//	                                      // allow (also on that step); absent when none does
//	          "steps": [                  // trust first, then each action, then each KMS action
//	            {
//	              "step": "trust",        // trust | permission | key
//	              "action": "sts:AssumeRole",
//	              "resource": "arn:aws:iam::…:role/…",
//	              "decision": "allowed",
//	              "detail": "",
//	              "statements": ["file.json:4"]
//	            }
//	          ],
//	          "key": {                    // the KMS key; every field empty/false when the destination is not known to use one
//	            "encrypted": true,
//	            "key": "alias/aws/sns",   // as written (the expression when computed at deploy time)
//	            "arn": "arn:aws:kms:…:key/…", // "" when it cannot be told (alias, deploy-time value)
//	            "aws_managed": true,      // alias/aws/… (or its alias ARN)
//	            "policy": "keys/k.json"   // the key policy's file, "" when not supplied
//	          }
//	        }
//	      ],
//	      "notes": ["…"]
//	    }
//	  ]
//	}
package access
