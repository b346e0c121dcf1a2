# prod: the story's vw-media-origin-prod. Sizes to revisit against the measured figures of docs/deployment.md.
environment = "prod"
aws_region  = "eu-west-1"

vpc_id             = "vpc-0a1b2c3d4e5f60003"
private_subnet_ids = ["subnet-0a1b2c3d4e5f60031", "subnet-0a1b2c3d4e5f60032", "subnet-0a1b2c3d4e5f60033"]

player_origins         = ["https://player.vw-media.example", "https://www.vw-media.example"]
source_retention_days  = 30
cloudfront_price_class = "PriceClass_All"

msk_broker_instance_type = "kafka.m7g.large"
msk_broker_count         = 3
msk_broker_volume_gib    = 500

cpu_instance_types = ["c7i.2xlarge", "c7i.4xlarge"]
cpu_node_count     = { min = 3, desired = 3, max = 10 }
gpu_instance_types = ["g5.xlarge", "g5.2xlarge"]
gpu_node_max       = 8

slack_webhook_secret_name = "vw-media/prod/slack-webhook-url"

tags = {
  "cost-center" = "media-prod"
}
