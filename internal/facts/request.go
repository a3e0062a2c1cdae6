package facts

import (
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// DataPlaneRequest is the request a caller makes to call a data-plane action
// on a memory, as `memlint check` and `memlint access` both decide it:
// service condition keys the action does not support are absent from its
// context (a positive condition on one never holds), and the values the
// caller sends (namespace, actorId, its own tags, …) are its choice
// (iam.ChosenByCaller), so a grant scoped by them is a grant, reported with
// the keys in iam.Result.Scoped. policies are every document the request is
// decided against.
func DataPlaneRequest(principal, principalAccount string, service bool, action, memoryARN string, policies ...*model.Policy) iam.Request {
	var ctx map[string][]string
	if a, err := iam.ParseARN(memoryARN); err == nil && iam.IsAccountID(a.Account) {
		// The resource's account is a fact of the request (aws:ResourceAccount).
		ctx = map[string][]string{"aws:resourceaccount": {a.Account}}
	}
	return iam.Request{
		Context:          ctx,
		Principal:        principal,
		PrincipalAccount: principalAccount,
		Service:          service,
		Action:           action,
		Resource:         memoryARN,
		Absent:           AbsentKeys(action, policies...),
		Chosen:           iam.ChosenByCaller,
	}
}
