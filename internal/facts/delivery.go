package facts

// Need is one authorization delivery to a destination needs of the memory's
// execution role: an action and the resource IAM authorizes it against.
type Need struct {
	Action   string
	Resource string
}

// DeliveryNeeds lists what delivery to a destination of service ("s3",
// "sns", "kinesis") at arn needs of the execution role (AgentCore
// cross-account guide, "Set up the memory execution role"): S3 s3:PutObject
// and s3:GetObject on the bucket's objects (arn/*: object actions never
// match the bucket ARN itself); SNS sns:Publish on the topic; Kinesis
// kinesis:PutRecords and kinesis:DescribeStream on the stream. This is their
// one home: `memlint check` and `memlint access` both read it.
func DeliveryNeeds(service, arn string) []Need {
	switch service {
	case "s3":
		return []Need{{"s3:PutObject", arn + "/*"}, {"s3:GetObject", arn + "/*"}}
	case "sns":
		return []Need{{"sns:Publish", arn}}
	case "kinesis":
		return []Need{{"kinesis:PutRecords", arn}, {"kinesis:DescribeStream", arn}}
	}
	return nil
}

// DeliveryResource is the resource delivery to a destination writes to: the
// bucket's objects for S3, the topic or stream itself otherwise.
func DeliveryResource(service, arn string) string {
	if service == "s3" {
		return arn + "/*"
	}
	return arn
}
