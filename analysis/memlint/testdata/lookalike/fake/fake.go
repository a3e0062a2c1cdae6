// Package fake declares types named as the SDK's, in another package.
package fake

type PutResourcePolicyInput struct {
	ResourceArn *string
	Policy      *string
}
