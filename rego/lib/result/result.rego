# METADATA
# title: Findings
# description: |
#   Every finding is built here. A node's loc is an index into the location
#   table Go built with the input; rules never spell out locations.
package lib.result

# METADATA
# description: A finding at node with message msg.
fail(node, msg) := {"msg": msg, "loc": node.loc}

# METADATA
# description: |
#   A finding at node whose other side is at other: the other document of a
#   gap between two documents, reported as a related location.
fail_related(node, msg, other, other_msg) := {
	"msg": msg,
	"loc": node.loc,
	"related": [{"loc": other.loc, "msg": other_msg}],
}

# METADATA
# description: |
#   The finding f at another severity than the rule's default, for findings
#   that depend on something memlint cannot decide statically.
with_severity(f, severity) := object.union(f, {"severity": severity})

# METADATA
# description: |
#   A finding at node with several related locations: related is a list
#   of {"loc": <index>, "msg": <message>} (a gap's other sides).
fail_related_all(node, msg, related) := {
	"msg": msg,
	"loc": node.loc,
	"related": related,
}
