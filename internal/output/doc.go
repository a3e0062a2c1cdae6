// Package output prints memlint reports — text, JSON, SARIF, GitHub
// workflow commands, JUnit XML, Checkstyle XML and markdown — behind one
// [Printer] interface; [New] is the registry the CLI uses. SARIF is delegated
// to package sarif, and every format shares its ordering, relative paths
// and fingerprints ([identity.Entries]), so a finding has the same identity
// whichever format shows it.
//
// # Text
//
// One line per finding, compiler style, grouped by file with a blank line
// between files; related locations are indented below their finding; notes and
// a summary come last:
//
//	memory/policy.json:9:21: medium ML101 The statement grants the root of account '222233334444'. (root-principal-grant)
//	    related: consumer/identity.json:12:7: The consumer's identity policy allows the call here.
//
//	trust/broken.json:1:1: high ML001 The document is not valid JSON. (invalid-document)
//
//	note: roles/exec.json: no permission policies given; ML301 was not checked.
//	4 files checked, 2 findings: 1 high, 1 medium
//
// A finding's line ends with its rule's slug. With [Report.ShowSource] the
// finding's source line follows, indented, with a caret under its column and
// tildes to the end of its range on that line (tabs shown as one space,
// control characters escaped, a long line cut to 120 characters around the
// column); a file that cannot be read again, or is not UTF-8 text, shows
// none. [Report.Quiet] leaves out the notes and the summary line.
//
// The summary line always says how many files were checked (taken to be
// memlint inputs; files skipped as not memlint's are not counted), so an
// input holding nothing to check is not mistaken for a clean one.
//
// Suppressed findings are left out (the summary counts them) unless
// [Report.ShowSuppressed] is set; then each is followed by a
// "suppressed: <reason> (<where>)" line.
//
// Paths are relative to [Report.BaseDir]; line and column are left out when
// unknown. The severity is the finding's own, which may be lower than its
// rule's. Colour (ANSI) is used only when asked for. Control characters in
// messages and paths are escaped, so input files cannot drive the terminal.
//
// # JSON
//
// A single object, indented by two spaces, ending in a newline, identical for
// identical input. Schema version 1:
//
//	{
//	  "version": 1,                      // schema version, see JSONVersion
//	  "tool": {"name": "memlint", "version": "0.3.0"},
//	  "findings": [                      // always present; sorted by file, line,
//	    {                                //   column, end, ruleId, message
//	      "ruleId": "ML101",             // catalog ID, stable forever
//	      "slug": "root-principal-grant",// catalog slug, used in config
//	      "severity": "medium",          // critical|high|medium|low|info: this
//	                                     //   finding's, may be below the rule's
//	      "title": "Memory resource policy grants an account root",
//	      "message": "The statement grants the root of account '222233334444'.",
//	      "location": {                  // where the finding points
//	        "file": "memory/policy.json",// relative to the base dir, "/"-separated
//	        "line": 9, "column": 21,     // 1-based; column in UTF-16 code units
//	        "endLine": 9, "endColumn": 55// endColumn exclusive; 0 = unknown
//	      },
//	      "related": [                   // always present, maybe empty: the other
//	        {                            //   side of a cross-document gap
//	          "location": {"file": "consumer/identity.json", "line": 12, "column": 7, "endLine": 12, "endColumn": 48},
//	          "message": "The consumer's identity policy allows the call here."
//	        }
//	      ],
//	      "resource": "arn:aws:bedrock-agentcore:…:memory/support-abc123", // omitted when empty
//	      "anchor": "ConsumerRead",      // statement Sid or "#index"; omitted when empty
//	      "helpUri": "https://github.com/memlint/memlint/blob/main/rules/rbp/root-principal-grant/README.md",
//	      "fingerprint": "e4393…",       // = SARIF partialFingerprints["memlintFingerprint/v1"]
//	      "suppression": {               // only on suppressed findings
//	        "kind": "external",          //   "external" (config ignore) or "inSource" (comment)
//	        "justification": "…",        //   the reason given
//	        "source": ".memlint.yaml:12" //   where the suppression is declared
//	      }
//	    }
//	  ],
//	  "notes": ["…"],                    // always present, maybe empty
//	  "errors": ["…"],                   // only when the run failed (exit status 2: a
//	                                     //   manifest or configuration error); then
//	                                     //   findings is empty and nothing was checked
//	  "summary": {
//	    "filesChecked": 4,               // files taken to be memlint inputs
//	    "total": 1,                      // findings not suppressed
//	    "bySeverity": {"critical": 0, "high": 0, "medium": 1, "low": 0, "info": 0}, // all five keys, not suppressed
//	    "suppressed": 0                  // suppressed findings, listed above but not counted
//	  }
//	}
//
// A location value of 0 means unknown (line 0: the whole file). The
// fingerprint is the hex SHA-256 of rule ID, file, resource, anchor and
// message, without line numbers, so it survives edits that move a finding;
// when two findings hash alike the later ones get ":2", ":3", … (see
// [identity.Fingerprint]). New fields may be added within version 1; removing or
// redefining one bumps "version".
//
// # CI formats
//
// github writes one GitHub Actions workflow command per finding not
// suppressed (error for critical and high, warning for medium, notice for low
// and info), escaped as the runner unescapes them; junit a JUnit XML report
// (a test suite per file, a failed test case per finding); checkstyle a
// Checkstyle XML report (source memlint.<rule ID>); markdown a summary line
// and a table for a CI summary page. See each printer's comment.
package output
