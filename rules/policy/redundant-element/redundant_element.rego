# METADATA
# title: Action or resource already covered in the same statement
# description: |
#   An entry of a statement's Action (NotAction) or Resource (NotResource)
#   list matches nothing another entry of the same list does not already
#   match: s3:GetObject beside s3:Get*, arn:aws:s3:::b/x beside
#   arn:aws:s3:::b/*, or the same value written twice. The entry changes
#   nothing the policy allows or denies; it only makes the policy longer and
#   suggests a narrower grant than the one in force.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
# custom:
#   id: ML009
#   severity: info
#   inputs: [policy]
#   access_analyzer: [REDUNDANT_ACTION, REDUNDANT_RESOURCE]
#   remediation: |
#     Remove the covered entry. If the narrower entry is what was meant,
#     remove or narrow the wildcard that covers it instead, e.g. keep
#     "s3:GetObject" and drop "s3:Get*".
package rules.policy["redundant-element"]

import data.lib.result

deny contains result.fail(elem.values[j], _message(elem, elem.values[j], elem.values[i])) if {
	some stmt in input.policy.statements
	some elem in _elements(stmt)
	cover := _cover_map(elem)
	some j, coverers in cover
	i := _pick(coverers, cover)
}

# The Action/NotAction and Resource/NotResource elements of a statement,
# tagged with their kind. In a NotAction or NotResource list a covered entry
# is as redundant: it excludes nothing the covering entry does not.
_elements(stmt) := [e |
	some name in ["action", "resource"]
	elem := stmt[name]
	e := object.union(elem, {"kind": name})
]

# {j: indexes of the entries that make entry j redundant}, for the redundant
# entries only. Entry i makes j redundant when it covers j and j does not
# cover i back (j is strictly narrower) or comes later (equivalent entries,
# such as exact duplicates: the second is reported, the first kept).
#
# Only an entry with a wildcard covers anything but itself, so the pairwise
# test runs over the patterns only, and repeats are found by sorting: lists
# of hundreds of literal ARNs stay linear-logarithmic.
_cover_map(elem) := {j: coverers |
	some j, b in elem.values
	coverers := {i |
		some i in patterns
		i != j
		a := elem.values[i].value
		_covers(elem.kind, a, b.value)
		_later_or_narrower(elem.kind, i, j, a, b.value)
	} | object.get(repeats, j, set())
	count(coverers) > 0
} if {
	patterns := {i | some i, v in elem.values; regex.match(`[*?]`, v.value)}
	repeats := _repeats(elem)
}

_covers("action", a, b) if memlint.covers_action(a, b)

_covers("resource", a, b) if memlint.covers(a, b)

_later_or_narrower(_, i, j, _, _) if i < j

_later_or_narrower(kind, _, _, a, b) if not _covers(kind, b, a)

# {j: {i}} for each entry j that repeats an earlier entry i (actions compare
# case-insensitively, resources exactly). Sorting [key, index] pairs puts
# each value's first occurrence at the start of its run.
_repeats(elem) := {j: {first[k]} |
	some j, v in elem.values
	k := _key(elem.kind, v.value)
	first[k] != j
} if {
	pairs := sort([[_key(elem.kind, v.value), i] | some i, v in elem.values])
	first := {p[0]: p[1] | some n, p in pairs; _run_start(pairs, n)}
}

_key("action", v) := lower(v)

_key("resource", v) := v

_run_start(_, 0)

_run_start(pairs, n) if pairs[n - 1][0] != pairs[n][0]

# The entry named as covering: the first one that is itself not redundant
# (so a chain s3:*, s3:Get*, s3:GetObject names s3:* twice rather than
# pointing from one redundant entry to another), else the first one.
_pick(coverers, cover) := min(roots) if {
	roots := {i | some i in coverers; not cover[i]}
	count(roots) > 0
}

_pick(coverers, cover) := min(coverers) if {
	every i in coverers {
		cover[i]
	}
}

_message(elem, v, by) := sprintf("The %s '%s' is listed twice in %s; remove the second.", [elem.kind, v.value, _element_name(elem)]) if {
	v.value == by.value
}

_message(elem, v, by) := sprintf("The %s '%s' is already covered by '%s' in %s of the same statement; remove it.", [elem.kind, v.value, by.value, _element_name(elem)]) if {
	v.value != by.value
}

_element_name(elem) := "NotAction" if {
	elem.kind == "action"
	elem.not
}

_element_name(elem) := "Action" if {
	elem.kind == "action"
	not elem.not
}

_element_name(elem) := "NotResource" if {
	elem.kind == "resource"
	elem.not
}

_element_name(elem) := "Resource" if {
	elem.kind == "resource"
	not elem.not
}
