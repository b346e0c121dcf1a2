# Alerts to Slack. vw-media puts its alerts (asset failed or degraded, a rung dead-lettered, a worker falling back
# from NVENC to x264) on the bus media-transcode-alerts (vw.alerts.eventbridge.bus), source vw-media; MediaConvert
# job errors and Step Functions execution failures arrive on the account's default bus. Rules on both post to a
# Slack incoming webhook through one API destination, at most one message a second, with the message built by an
# input transformer from infrastructure/eventbridge/. Undeliverable events go to a dead-letter queue.

resource "aws_cloudwatch_event_bus" "alerts" {
  name = "media-transcode-alerts"
}

# ---- the Slack endpoint

# the webhook URL is the secret: it lives in Secrets Manager, never in a tfvars file
data "aws_secretsmanager_secret_version" "slack_webhook" {
  secret_id = var.slack_webhook_secret_name
}

resource "aws_cloudwatch_event_connection" "slack" {
  name               = "${local.name}-slack"
  description        = "Slack incoming webhook (authenticated by its URL)"
  authorization_type = "API_KEY"

  # a connection must carry an authorization; Slack's incoming webhooks authenticate by their URL alone, so this
  # header is a fixed marker Slack ignores, not a credential
  auth_parameters {
    api_key {
      key   = "X-Vw-Media-Alerts"
      value = "slack-incoming-webhook"
    }
  }
}

resource "aws_cloudwatch_event_api_destination" "slack" {
  name                             = "${local.name}-slack"
  description                      = "Posts alerts to Slack, one message a second at most"
  connection_arn                   = aws_cloudwatch_event_connection.slack.arn
  invocation_endpoint              = data.aws_secretsmanager_secret_version.slack_webhook.secret_string
  http_method                      = "POST"
  invocation_rate_limit_per_second = 1
}

data "aws_iam_policy_document" "events_trust" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "events_invoke_slack" {
  statement {
    actions   = ["events:InvokeApiDestination"]
    resources = [aws_cloudwatch_event_api_destination.slack.arn]
  }
}

resource "aws_iam_role" "events_slack" {
  name               = "${local.name}-events-slack"
  assume_role_policy = data.aws_iam_policy_document.events_trust.json
}

resource "aws_iam_role_policy" "events_slack" {
  name   = "invoke-slack-api-destination"
  role   = aws_iam_role.events_slack.id
  policy = data.aws_iam_policy_document.events_invoke_slack.json
}

resource "aws_sqs_queue" "alerts_dead_letters" {
  name                      = "${local.name}-alerts-dead-letters"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

data "aws_iam_policy_document" "alerts_dead_letters" {
  statement {
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alerts_dead_letters.arn]

    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [for rule in local.slack_rules : rule.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "alerts_dead_letters" {
  queue_url = aws_sqs_queue.alerts_dead_letters.id
  policy    = data.aws_iam_policy_document.alerts_dead_letters.json
}

# ---- rules

resource "aws_cloudwatch_event_rule" "vw_media_alerts" {
  name           = "media-transcode-alerts"
  description    = "vw-media's alerts, to Slack"
  event_bus_name = aws_cloudwatch_event_bus.alerts.name

  event_pattern = jsonencode({
    source = ["vw-media"]
  })
}

resource "aws_cloudwatch_event_rule" "mediaconvert_errors" {
  name        = "${local.name}-mediaconvert-errors"
  description = "MediaConvert jobs of vw-media's queue that ended in ERROR, to Slack"

  event_pattern = jsonencode({
    source        = ["aws.mediaconvert"]
    "detail-type" = ["MediaConvert Job State Change"]
    detail = {
      status = ["ERROR"]
      queue  = [local.mediaconvert_queue_arn]
    }
  })
}

resource "aws_cloudwatch_event_rule" "step_functions_failures" {
  name        = "${local.name}-step-functions-failures"
  description = "Executions of the MediaConvert leg's state machine that failed, timed out or were aborted, to Slack"

  event_pattern = jsonencode({
    source        = ["aws.states"]
    "detail-type" = ["Step Functions Execution Status Change"]
    detail = {
      status          = ["FAILED", "TIMED_OUT", "ABORTED"]
      stateMachineArn = [aws_sfn_state_machine.media_transcode.arn]
    }
  })
}

locals {
  # each rule with the input transformer that turns its events into a Slack message
  slack_rules = {
    vw_media_alerts = {
      arn         = aws_cloudwatch_event_rule.vw_media_alerts.arn
      name        = aws_cloudwatch_event_rule.vw_media_alerts.name
      bus         = aws_cloudwatch_event_bus.alerts.name
      transformer = jsondecode(file("${path.module}/../eventbridge/slack-input-transformer.json"))
    }
    mediaconvert_errors = {
      arn         = aws_cloudwatch_event_rule.mediaconvert_errors.arn
      name        = aws_cloudwatch_event_rule.mediaconvert_errors.name
      bus         = "default"
      transformer = jsondecode(file("${path.module}/../eventbridge/slack-mediaconvert-input-transformer.json"))
    }
    step_functions_failures = {
      arn         = aws_cloudwatch_event_rule.step_functions_failures.arn
      name        = aws_cloudwatch_event_rule.step_functions_failures.name
      bus         = "default"
      transformer = jsondecode(file("${path.module}/../eventbridge/slack-stepfunctions-input-transformer.json"))
    }
  }
}

resource "aws_cloudwatch_event_target" "slack" {
  for_each = local.slack_rules

  rule           = each.value.name
  event_bus_name = each.value.bus
  target_id      = "slack"
  arn            = aws_cloudwatch_event_api_destination.slack.arn
  role_arn       = aws_iam_role.events_slack.arn

  input_transformer {
    input_paths    = each.value.transformer.InputPathsMap
    input_template = each.value.transformer.InputTemplate
  }

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 20
  }

  dead_letter_config {
    arn = aws_sqs_queue.alerts_dead_letters.arn
  }
}
