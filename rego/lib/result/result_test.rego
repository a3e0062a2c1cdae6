package lib.result_test

import data.lib.result

test_fail if {
	result.fail({"loc": 3, "value": "x"}, "Bad.") == {"msg": "Bad.", "loc": 3}
}

test_fail_related if {
	f := result.fail_related({"loc": 1}, "Gap.", {"loc": 7}, "Other side.")
	f.related == [{"loc": 7, "msg": "Other side."}]
	f.loc == 1
}

test_with_severity if {
	result.with_severity(result.fail({"loc": 2}, "M."), "info").severity == "info"
}

test_fail_related_all if {
	f := result.fail_related_all({"loc": 1}, "Gap.", [{"loc": 7, "msg": "One."}, {"loc": 8, "msg": "Two."}])
	f.related == [{"loc": 7, "msg": "One."}, {"loc": 8, "msg": "Two."}]
	f.loc == 1
}
