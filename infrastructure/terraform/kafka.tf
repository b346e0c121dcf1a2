# Kafka: Amazon MSK with TLS between clients and brokers and IAM authentication (port 9098), or an existing cluster.
# The pods reach it with vw.kafka.security-protocol=SASL_SSL and vw.kafka.sasl-mechanism=AWS_MSK_IAM, as their
# service account's role (iam.tf grants the Kafka actions, scoped to our topics and groups). The schema registry
# (Apicurio, k8s/base/schema-registry) has no MSK IAM login: it signs in with SASL/SCRAM (port 9096) as its own user,
# whose password lives in Secrets Manager under a customer managed key (MSK requires both).

resource "aws_security_group" "msk" {
  count = var.create_msk ? 1 : 0

  name        = "${local.name}-msk"
  description = "vw-media MSK brokers: Kafka over TLS with IAM auth from the EKS cluster"
  vpc_id      = var.vpc_id
}

# Kafka from the EKS cluster's pods and nodes: SASL_SSL with IAM (vw-media, KEDA) and with SCRAM (the schema registry)
resource "aws_vpc_security_group_ingress_rule" "msk_from_eks" {
  for_each = var.create_msk ? { iam = 9098, scram = 9096 } : {}

  security_group_id            = aws_security_group.msk[0].id
  description                  = "Kafka (SASL_SSL, ${upper(each.key)}) from the EKS cluster"
  ip_protocol                  = "tcp"
  from_port                    = each.value
  to_port                      = each.value
  referenced_security_group_id = local.eks_cluster_security_group_id
}

resource "aws_msk_configuration" "this" {
  count = var.create_msk ? 1 : 0

  name           = local.name
  kafka_versions = [var.msk_kafka_version]
  description    = "vw-media: topics are created by the topology at start-up (TopicInstaller), never implicitly"

  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    default.replication.factor=3
    min.insync.replicas=2
  PROPERTIES
}

resource "aws_cloudwatch_log_group" "msk" {
  count = var.create_msk ? 1 : 0

  name              = "/aws/msk/${local.name}"
  retention_in_days = 30
}

resource "aws_msk_cluster" "this" {
  count = var.create_msk ? 1 : 0

  cluster_name           = local.name
  kafka_version          = var.msk_kafka_version
  number_of_broker_nodes = var.msk_broker_count

  broker_node_group_info {
    instance_type   = var.msk_broker_instance_type
    client_subnets  = var.private_subnet_ids
    security_groups = [aws_security_group.msk[0].id]

    storage_info {
      ebs_storage_info {
        volume_size = var.msk_broker_volume_gib
      }
    }
  }

  client_authentication {
    unauthenticated = false

    sasl {
      iam   = true
      scram = true
    }
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this[0].arn
    revision = aws_msk_configuration.this[0].latest_revision
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.msk[0].name
      }
    }
  }
}

# ---- the schema registry's SCRAM user (its kafkasql journal topic is all it reads and writes)

resource "aws_kms_key" "msk_scram" {
  count = var.create_msk ? 1 : 0

  description             = "${local.name}: MSK SCRAM secrets (MSK refuses secrets under the AWS managed key)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}

resource "aws_secretsmanager_secret" "registry_kafka" {
  count = var.create_msk ? 1 : 0

  name        = "AmazonMSK_${local.name}-schema-registry" # MSK only associates secrets named AmazonMSK_*
  description = "SCRAM login of the schema registry to MSK ${local.name}"
  kms_key_id  = aws_kms_key.msk_scram[0].arn
}

# The password is write-only: given at apply time (TF_VAR_schema_registry_kafka_password), kept in neither the plan
# nor the state. Rotate it by applying a new one with schema_registry_kafka_password_version + 1.
resource "aws_secretsmanager_secret_version" "registry_kafka" {
  count = var.create_msk ? 1 : 0

  secret_id = aws_secretsmanager_secret.registry_kafka[0].id
  secret_string_wo = jsonencode({
    username = "schema-registry"
    password = var.schema_registry_kafka_password
  })
  secret_string_wo_version = var.schema_registry_kafka_password_version
}

resource "aws_msk_scram_secret_association" "registry" {
  count = var.create_msk ? 1 : 0

  cluster_arn     = aws_msk_cluster.this[0].arn
  secret_arn_list = [aws_secretsmanager_secret.registry_kafka[0].arn]
  depends_on      = [aws_secretsmanager_secret_version.registry_kafka]
}

locals {
  msk_cluster_arn       = var.create_msk ? aws_msk_cluster.this[0].arn : var.existing_msk_cluster_arn
  msk_bootstrap_servers = var.create_msk ? aws_msk_cluster.this[0].bootstrap_brokers_sasl_iam : var.existing_msk_bootstrap_servers

  # IAM resources inside the cluster: arn:...:topic/<cluster name>/<cluster uuid>/<topic>, group/..., transactional-id/...
  msk_topic_arn_prefix         = "${replace(local.msk_cluster_arn, ":cluster/", ":topic/")}/"
  msk_group_arn_prefix         = "${replace(local.msk_cluster_arn, ":cluster/", ":group/")}/"
  msk_transactional_arn_prefix = "${replace(local.msk_cluster_arn, ":cluster/", ":transactional-id/")}/"
}
