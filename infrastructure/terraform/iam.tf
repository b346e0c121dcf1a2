# IAM roles for the service accounts (IRSA): each trusted only by its own service account in namespace vw-media,
# each allowed only what the code does (aws/S3ObjectStore, aws/CloudFrontInvalidator, aws/EventBridgeAlertSink,
# the Kafka clients). Keys are <outputs_prefix>assets/<asset>/<rung>/... (worker: segments, init segment,
# timeline.tsv; topology: playlist.m3u8 and iframes.m3u8 beside them) and <outputs_prefix>manifests/<asset>/...
# (topology). storage/.../AssetLayout.java is the layout.

resource "aws_iam_openid_connect_provider" "eks" {
  count = var.existing_oidc_provider_arn == "" ? 1 : 0

  url            = local.eks_oidc_issuer
  client_id_list = ["sts.amazonaws.com"]
}

locals {
  oidc_provider_arn  = var.existing_oidc_provider_arn != "" ? var.existing_oidc_provider_arn : aws_iam_openid_connect_provider.eks[0].arn
  oidc_provider_host = replace(local.eks_oidc_issuer, "https://", "")

  outputs_arn  = aws_s3_bucket.media["outputs"].arn
  outputs_keys = "${local.outputs_arn}/${var.outputs_prefix}"
}

# ---- worker: vw-media worker (rendition and probe workers)

data "aws_iam_policy_document" "worker_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:vw-media:vw-media-worker"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "worker" {
  statement {
    sid       = "ReadSources"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media["sources"].arn}/*"]
  }

  # put (single and multipart: CreateMultipartUpload, UploadPart, CompleteMultipartUpload are s3:PutObject), abort a
  # failed multipart upload, delete segments an earlier encode of the rung left
  statement {
    sid       = "WriteRungMedia"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:DeleteObject"]
    resources = ["${local.outputs_keys}assets/*"]
  }

  # list a rung's folder to find those stale segments
  statement {
    sid       = "ListRungMedia"
    actions   = ["s3:ListBucket"]
    resources = [local.outputs_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${var.outputs_prefix}assets/*"]
    }
  }

  statement {
    sid       = "KafkaConnect"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
    resources = [local.msk_cluster_arn]
  }

  # take tasks (media.probe.tasks, media.rendition.tasks and its retry topics, media.managed.tasks), write results,
  # retries, dead letters
  statement {
    sid       = "KafkaTopics"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData", "kafka-cluster:WriteData"]
    resources = ["${local.msk_topic_arn_prefix}media.*"]
  }

  statement {
    sid     = "KafkaGroups"
    actions = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = [
      "${local.msk_group_arn_prefix}vw-media-worker",
      "${local.msk_group_arn_prefix}vw-media-probe-worker",
      "${local.msk_group_arn_prefix}vw-media-managed-leg",
    ]
  }

  statement {
    sid       = "Alerts"
    actions   = ["events:PutEvents"]
    resources = [aws_cloudwatch_event_bus.alerts.arn]
  }
}

resource "aws_iam_role" "worker" {
  name               = "${local.name}-worker"
  description        = "vw-media workers (service account vw-media/vw-media-worker)"
  assume_role_policy = data.aws_iam_policy_document.worker_trust.json
}

resource "aws_iam_role_policy" "worker" {
  name   = "vw-media-worker"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker.json
}

# ---- topology: vw-media topology (Kafka Streams application vw-media-topology, the observer vw-media-observer)

data "aws_iam_policy_document" "topology_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [local.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:sub"
      values   = ["system:serviceaccount:vw-media:vw-media-topology"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_provider_host}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "topology" {
  # each rung's segment timeline, written by its worker
  statement {
    sid       = "ReadTimelines"
    actions   = ["s3:GetObject"]
    resources = ["${local.outputs_keys}assets/*/timeline.tsv"]
  }

  statement {
    sid     = "WriteManifests"
    actions = ["s3:PutObject"]
    resources = [
      "${local.outputs_keys}manifests/*",
      "${local.outputs_keys}assets/*/playlist.m3u8",
      "${local.outputs_keys}assets/*/iframes.m3u8",
    ]
  }

  statement {
    sid       = "InvalidateManifests"
    actions   = ["cloudfront:CreateInvalidation"]
    resources = [aws_cloudfront_distribution.outputs.arn]
  }

  statement {
    sid       = "KafkaConnect"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
    resources = [local.msk_cluster_arn]
  }

  # our topics: created at start-up (TopicInstaller), read and written by the topology and the observer
  statement {
    sid = "KafkaTopics"
    actions = [
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:ReadData",
      "kafka-cluster:WriteData",
    ]
    resources = ["${local.msk_topic_arn_prefix}media.*"]
  }

  # Kafka Streams' own changelog and repartition topics; it purges consumed repartition records (DeleteRecords)
  statement {
    sid = "KafkaStreamsInternalTopics"
    actions = [
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:ReadData",
      "kafka-cluster:WriteData",
      "kafka-cluster:DeleteTopic",
    ]
    resources = ["${local.msk_topic_arn_prefix}vw-media-topology-*"]
  }

  statement {
    sid     = "KafkaOwnGroups"
    actions = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = [
      "${local.msk_group_arn_prefix}vw-media-topology",
      "${local.msk_group_arn_prefix}vw-media-observer",
    ]
  }

  # the task-lag gauge and the managed leg's overflow policy read the workers' committed offsets
  statement {
    sid     = "KafkaWorkerGroupsLag"
    actions = ["kafka-cluster:DescribeGroup"]
    resources = [
      "${local.msk_group_arn_prefix}vw-media-worker",
      "${local.msk_group_arn_prefix}vw-media-probe-worker",
    ]
  }

  # exactly-once (processing.guarantee exactly_once_v2): transactional ids start with the application id
  statement {
    sid       = "KafkaTransactions"
    actions   = ["kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"]
    resources = ["${local.msk_transactional_arn_prefix}vw-media-topology-*"]
  }

  statement {
    sid       = "Alerts"
    actions   = ["events:PutEvents"]
    resources = [aws_cloudwatch_event_bus.alerts.arn]
  }
}

resource "aws_iam_role" "topology" {
  name               = "${local.name}-topology"
  description        = "vw-media topology (service account vw-media/vw-media-topology)"
  assume_role_policy = data.aws_iam_policy_document.topology_trust.json
}

resource "aws_iam_role_policy" "topology" {
  name   = "vw-media-topology"
  role   = aws_iam_role.topology.id
  policy = data.aws_iam_policy_document.topology.json
}
