# The Step Functions state machine and the MediaConvert leg are issue 13. They go here: the state machine
# (aws_sfn_state_machine, named vw-media-<...> so alerts.tf's step_functions_failures rule matches its failures), its
# role, and the MediaConvert queue whose ARN then replaces var.mediaconvert_queue_arn in alerts.tf.
