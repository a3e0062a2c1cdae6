package a

// everyone is a memory policy that lets anyone in: the finding is here,
// where it is written.
const everyone = `{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "` + memory + `"}]}` // want `critical ML102`

const head = `{"Version": "2012-10-17", "Statement": [{"Sid": "Split", "Effect": "Allow", `
