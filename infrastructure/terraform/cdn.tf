# CloudFront in front of the outputs bucket. Cache lifetimes follow the Cache-Control the publisher sets on each object
# (storage/.../ContentTypes.java): manifests "public, max-age=2", segments "public, max-age=31536000, immutable".
# CloudFront keeps an object for the origin's max-age clamped to [min_ttl, max_ttl]; default_ttl applies only when the
# origin sent none. TerraformCachePolicyTest compares these numbers with ContentTypes.

resource "aws_cloudfront_origin_access_control" "outputs" {
  name                              = "${local.name}-origin"
  description                       = "CloudFront reads ${local.buckets.outputs}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_cache_policy" "manifests" {
  name        = "${local.name}-manifests"
  comment     = "HLS playlists and DASH MPDs: republished in place, max-age=2"
  min_ttl     = 0
  default_ttl = 2
  max_ttl     = 2

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_cache_policy" "segments" {
  name        = "${local.name}-segments"
  comment     = "CMAF init and media segments: never rewritten under the same key, max-age=31536000, immutable"
  min_ttl     = 0
  default_ttl = 31536000
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    # segments are already compressed video: no Accept-Encoding variants
    enable_accept_encoding_gzip   = false
    enable_accept_encoding_brotli = false

    cookies_config {
      cookie_behavior = "none"
    }
    headers_config {
      header_behavior = "none"
    }
    query_strings_config {
      query_string_behavior = "none"
    }
  }
}

resource "aws_cloudfront_response_headers_policy" "players" {
  name    = "${local.name}-players"
  comment = "CORS for web players on other origins"

  cors_config {
    access_control_allow_credentials = false
    access_control_max_age_sec       = 3600
    origin_override                  = true

    access_control_allow_headers {
      items = ["Range"]
    }
    access_control_allow_methods {
      items = ["GET", "HEAD", "OPTIONS"]
    }
    access_control_allow_origins {
      items = var.player_origins
    }
    access_control_expose_headers {
      items = ["Content-Length", "Content-Range", "ETag"]
    }
  }
}

resource "aws_cloudfront_distribution" "outputs" {
  enabled         = true
  comment         = "vw-media ${var.environment}: ${local.buckets.outputs}"
  price_class     = var.cloudfront_price_class
  is_ipv6_enabled = true
  http_version    = "http2and3"

  origin {
    origin_id                = "outputs"
    domain_name              = aws_s3_bucket.media["outputs"].bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.outputs.id
    # published URLs are the base URL + the key below vw.storage.uri's prefix (vw.cdn.cloudfront.origin-path)
    origin_path = var.outputs_prefix == "" ? "" : "/${trimsuffix(var.outputs_prefix, "/")}"
  }

  # manifests first: the default behaviour below caches for a year
  dynamic "ordered_cache_behavior" {
    for_each = ["*.m3u8", "*.mpd"]

    content {
      path_pattern               = ordered_cache_behavior.value
      target_origin_id           = "outputs"
      viewer_protocol_policy     = "redirect-to-https"
      allowed_methods            = ["GET", "HEAD", "OPTIONS"]
      cached_methods             = ["GET", "HEAD"]
      compress                   = true
      cache_policy_id            = aws_cloudfront_cache_policy.manifests.id
      response_headers_policy_id = aws_cloudfront_response_headers_policy.players.id
    }
  }

  default_cache_behavior {
    target_origin_id           = "outputs"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = false
    cache_policy_id            = aws_cloudfront_cache_policy.segments.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.players.id
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

# Only this distribution reads the outputs bucket, and only over TLS.
data "aws_iam_policy_document" "outputs_bucket" {
  statement {
    sid       = "CloudFrontReadsThroughOriginAccessControl"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media["outputs"].arn}/${var.outputs_prefix}*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.outputs.arn]
    }
  }

  statement {
    sid     = "TlsOnly"
    effect  = "Deny"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
    resources = [
      aws_s3_bucket.media["outputs"].arn,
      "${aws_s3_bucket.media["outputs"].arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "outputs" {
  bucket = aws_s3_bucket.media["outputs"].id
  policy = data.aws_iam_policy_document.outputs_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.media]
}
