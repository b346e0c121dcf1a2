# staging: production's shape at a smaller size.
environment = "staging"
aws_region  = "eu-west-1"

vpc_id             = "vpc-0a1b2c3d4e5f60002"
private_subnet_ids = ["subnet-0a1b2c3d4e5f60021", "subnet-0a1b2c3d4e5f60022", "subnet-0a1b2c3d4e5f60023"]

player_origins        = ["https://player.staging.vw-media.example"]
source_retention_days = 14

msk_broker_instance_type = "kafka.m7g.large"
msk_broker_volume_gib    = 100

cpu_instance_types = ["c7i.2xlarge"]
cpu_node_count     = { min = 2, desired = 2, max = 4 }
gpu_instance_types = ["g5.xlarge", "g5.2xlarge"]
gpu_node_max       = 2

slack_webhook_secret_name = "vw-media/staging/slack-webhook-url"

tags = {
  "cost-center" = "media-staging"
}
