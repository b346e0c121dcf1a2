# The managed encoder leg (issue 13): a Step Functions state machine that runs one MediaConvert job per asset
# (infrastructure/stepfunctions/media-transcode-orchestrator.asl.json, its contract in the README beside it), the
# role it runs as, the role MediaConvert runs jobs as, the queue, and what the workers need to start and follow
# executions. Job errors and failed executions reach Slack through alerts.tf's rules on this queue and this machine.

locals {
  # The story's name is media-transcode-orchestrator@2025-09. Step Functions accepts "@" in a name, but a state
  # machine logs to CloudWatch Logs only if its name is 0-9, A-Z, a-z, "-" and "_"; hence "-2025-09". Prefixed
  # with the environment like every other resource, so environments sharing an account do not collide.
  state_machine_name = "${local.name}-media-transcode-orchestrator-2025-09"

  mediaconvert_queue_arn = var.mediaconvert_queue_arn != "" ? var.mediaconvert_queue_arn : aws_media_convert_queue.vw_media[0].arn
}

resource "aws_media_convert_queue" "vw_media" {
  count = var.mediaconvert_queue_arn == "" ? 1 : 0

  name         = local.name
  description  = "vw-media's managed encoder leg (jobs started by ${local.state_machine_name})"
  pricing_plan = "ON_DEMAND"
  status       = "ACTIVE"
}

# ---- the role MediaConvert runs jobs as: read the source, write the rungs under assets/

data "aws_iam_policy_document" "mediaconvert_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["mediaconvert.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "mediaconvert" {
  statement {
    sid       = "ReadSources"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media["sources"].arn}/*"]
  }

  # the CMAF groups write each rung under <outputs_prefix>assets/<asset>/mediaconvert-a<attempt>/<rung>/, from where
  # the workers store it in the layout of their own encodes
  statement {
    sid       = "WriteRungMedia"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${local.outputs_keys}assets/*"]
  }
}

resource "aws_iam_role" "mediaconvert" {
  name               = "${local.name}-mediaconvert"
  description        = "Role MediaConvert jobs of vw-media run as (passed by ${local.state_machine_name})"
  assume_role_policy = data.aws_iam_policy_document.mediaconvert_trust.json
}

resource "aws_iam_role_policy" "mediaconvert" {
  name   = "vw-media-mediaconvert-jobs"
  role   = aws_iam_role.mediaconvert.id
  policy = data.aws_iam_policy_document.mediaconvert.json
}

# ---- the state machine's role: what createJob.sync calls, and its logging

data "aws_iam_policy_document" "state_machine_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["states.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "state_machine" {
  statement {
    sid       = "CreateJobs"
    actions   = ["mediaconvert:CreateJob"]
    resources = [local.mediaconvert_queue_arn, "arn:${local.partition}:mediaconvert:${var.aws_region}:${local.account_id}:jobs/*"]
  }

  # .sync follows the job (GetJob) and cancels it when the execution stops or times out (CancelJob)
  statement {
    sid       = "FollowJobs"
    actions   = ["mediaconvert:GetJob", "mediaconvert:CancelJob"]
    resources = ["arn:${local.partition}:mediaconvert:${var.aws_region}:${local.account_id}:jobs/*"]
  }

  statement {
    sid       = "PassMediaConvertRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.mediaconvert.arn]

    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["mediaconvert.amazonaws.com"]
    }
  }

  # .sync learns of the job's end through a rule Step Functions manages on the default bus
  statement {
    sid       = "SyncManagedRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = ["arn:${local.partition}:events:${var.aws_region}:${local.account_id}:rule/StepFunctionsGetEventsForMediaConvertJobRule"]
  }

  # CloudWatch Logs' log delivery API takes no resource-level permissions
  statement {
    sid = "Logging"
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
}

resource "aws_iam_role" "state_machine" {
  name               = "${local.name}-media-transcode-orchestrator"
  description        = "Role of state machine ${local.state_machine_name}"
  assume_role_policy = data.aws_iam_policy_document.state_machine_trust.json
}

resource "aws_iam_role_policy" "state_machine" {
  name   = "media-transcode-orchestrator"
  role   = aws_iam_role.state_machine.id
  policy = data.aws_iam_policy_document.state_machine.json
}

# ---- the state machine

resource "aws_cloudwatch_log_group" "state_machine" {
  # /aws/vendedlogs/ keeps the log group's resource policy small however many state machines log to it
  name              = "/aws/vendedlogs/states/${local.state_machine_name}"
  retention_in_days = 30
}

resource "aws_sfn_state_machine" "media_transcode" {
  name     = local.state_machine_name
  type     = "STANDARD" # a job runs minutes to hours: longer than an EXPRESS execution may
  role_arn = aws_iam_role.state_machine.arn

  # Role and Queue come in each execution's input (vw.mediaconvert.role-arn, vw.mediaconvert.queue-arn): nothing
  # to substitute, the file is deployed as the tests ran it
  definition = file("${path.module}/../stepfunctions/media-transcode-orchestrator.asl.json")

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.state_machine.arn}:*"
    include_execution_data = true
    level                  = "ERROR"
  }

  depends_on = [aws_iam_role_policy.state_machine]
}

# ---- the workers: the managed leg's encoder backend starts one execution per asset, follows it, reads the outputs

data "aws_iam_policy_document" "worker_mediaconvert_leg" {
  statement {
    sid       = "StartExecutions"
    actions   = ["states:StartExecution"]
    resources = [aws_sfn_state_machine.media_transcode.arn]
  }

  statement {
    sid       = "FollowExecutions"
    actions   = ["states:DescribeExecution", "states:StopExecution"]
    resources = ["arn:${local.partition}:states:${var.aws_region}:${local.account_id}:execution:${local.state_machine_name}:*"]
  }

  # CMAF inspection of what MediaConvert wrote, as for our own segments (the worker role's own policy lets it store
  # the rung in our layout and remove the staging folder)
  statement {
    sid       = "ReadRungMedia"
    actions   = ["s3:GetObject"]
    resources = ["${local.outputs_keys}assets/*"]
  }
}

resource "aws_iam_role_policy" "worker_mediaconvert_leg" {
  name   = "vw-media-worker-mediaconvert-leg"
  role   = aws_iam_role.worker.id
  policy = data.aws_iam_policy_document.worker_mediaconvert_leg.json
}
