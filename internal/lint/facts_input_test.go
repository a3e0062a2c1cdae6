package lint

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/model"
)

func TestFirstSids(t *testing.T) {
	sid := func(v string) *model.Str { return &model.Str{Value: v} }
	p := &model.Policy{}
	for i, s := range []*model.Str{nil, sid(""), sid("A"), sid("B"), sid("a"), sid("A"), sid(""), {Value: "B", Unknown: true}, sid("B"), sid("A")} {
		p.Statements = append(p.Statements, &model.Statement{Index: i, Sid: s})
	}
	got := map[int]int{}
	for s, f := range firstSids(p) {
		got[s.Index] = f.Index
	}
	// Sids compare as written (case-sensitively); empty and unknown Sids
	// are never duplicates; every repeat names the first, not the previous.
	want := map[int]int{5: 2, 8: 3, 9: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestVariableUses(t *testing.T) {
	val := func(v string) model.Str { return model.Str{Value: v} }
	p := &model.Policy{Statements: []*model.Statement{
		{Index: 0, Conditions: []*model.Condition{{Key: val("aws:ResourceTag/team"), Values: []model.Str{val("${aws:PrincipalTag/team}"), {Value: "${x}", Unknown: true}}}}},
		{Index: 1, Sid: &model.Str{Value: "Own"}, Resource: &model.Values{Not: true, Values: []model.Str{val("arn:aws:s3:::b/${aws:username}/${aws:userid}"), val("arn:aws:s3:::b/${")}}},
	}}
	got := variableUses(p)
	// Resource uses come before condition uses; the unknown value is not
	// counted; a "${" without its "}" is named whole.
	want := uses{count: 3, first: "${aws:username}", where: "the NotResource of statement 'Own'"}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if u := variableUses(&model.Policy{Statements: []*model.Statement{{Resource: &model.Values{Values: []model.Str{val("*")}}}}}); u.count != 0 {
		t.Errorf("no variables: got %+v", u)
	}
}
