# What the Kubernetes overlays (k8s/overlays/<env>) take from here: the service accounts' role ARNs
# (eks.amazonaws.com/role-arn), and the VW_* settings of the ConfigMap.

output "worker_role_arn" {
  description = "Role of service account vw-media/vw-media-worker (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.worker.arn
}

output "topology_role_arn" {
  description = "Role of service account vw-media/vw-media-topology (annotation eks.amazonaws.com/role-arn)."
  value       = aws_iam_role.topology.arn
}

output "storage_uri" {
  description = "VW_STORAGE_URI (vw.storage.uri) of workers and topology."
  value       = trimsuffix("s3://${aws_s3_bucket.media["outputs"].id}/${var.outputs_prefix}", "/")
}

output "sources_bucket" {
  description = "Where uploads go; sources reach the workers as https URLs (vw.source.schemes)."
  value       = aws_s3_bucket.media["sources"].id
}

output "storage_region" {
  description = "VW_STORAGE_S3_REGION and VW_ALERTS_EVENTBRIDGE_REGION."
  value       = var.aws_region
}

output "cloudfront_distribution_id" {
  description = "VW_CDN_CLOUDFRONT_DISTRIBUTION_ID (vw.cdn.cloudfront.distribution-id) of the topology."
  value       = aws_cloudfront_distribution.outputs.id
}

output "publish_base_url" {
  description = "VW_PUBLISH_BASE_URL (vw.publish.base-url): where viewers reach the published files."
  value       = "https://${aws_cloudfront_distribution.outputs.domain_name}"
}

output "kafka_bootstrap_servers" {
  description = "VW_KAFKA_BOOTSTRAP_SERVERS, with VW_KAFKA_SECURITY_PROTOCOL=SASL_SSL and VW_KAFKA_SASL_MECHANISM=AWS_MSK_IAM."
  value       = local.msk_bootstrap_servers
}

output "alerts_event_bus" {
  description = "VW_ALERTS_EVENTBRIDGE_BUS (its default, media-transcode-alerts); set VW_ALERTS_EVENTBRIDGE_ENABLED=true."
  value       = aws_cloudwatch_event_bus.alerts.name
}

output "eks_cluster_name" {
  description = "For aws eks update-kubeconfig --name <this>."
  value       = local.eks_cluster_name
}

output "keda_operator_role_arn" {
  description = "IRSA role of the KEDA operator (Helm: podIdentity.aws.irsa.enabled=true, podIdentity.aws.irsa.roleArn)"
  value       = aws_iam_role.keda.arn
}

output "schema_registry_kafka_bootstrap_servers" {
  description = "MSK's SCRAM listener (port 9096) for the schema registry: APICURIO_KAFKASQL_BOOTSTRAP_SERVERS"
  value       = var.create_msk ? aws_msk_cluster.this[0].bootstrap_brokers_sasl_scram : ""
}

output "schema_registry_kafka_secret_arn" {
  description = "The schema registry's SCRAM login (username, password) to copy into the Secret vw-media-registry-kafka"
  value       = var.create_msk ? aws_secretsmanager_secret.registry_kafka[0].arn : ""
}

# ---- the MediaConvert leg (mediaconvert.tf): the workers' vw.mediaconvert.* settings

output "mediaconvert_state_machine_arn" {
  description = "VW_MEDIACONVERT_STATE_MACHINE_ARN (vw.mediaconvert.state-machine-arn): the state machine the workers start one execution per asset on."
  value       = aws_sfn_state_machine.media_transcode.arn
}

output "mediaconvert_role_arn" {
  description = "VW_MEDIACONVERT_ROLE_ARN (vw.mediaconvert.role-arn): the Role of every CreateJob body."
  value       = aws_iam_role.mediaconvert.arn
}

output "mediaconvert_queue_arn" {
  description = "VW_MEDIACONVERT_QUEUE_ARN (vw.mediaconvert.queue-arn): the Queue of every CreateJob body."
  value       = local.mediaconvert_queue_arn
}
