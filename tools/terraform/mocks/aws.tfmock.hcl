# Realistic values for what the stacks read from AWS during a mocked `terraform test` plan (one shared
# place for every stack and provider alias). Random mock strings would fail the provider's ARN
# validators and give names no reader recognises. Account 123456789012 is AWS's documentation example.

mock_data "aws_partition" {
  defaults = {
    id                 = "aws"
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    id         = "123456789012"
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:role/terraform-plan"
    user_id    = "AROAEXAMPLEROLEID:terraform-plan"
  }
}

mock_data "aws_region" {
  defaults = {
    id          = "us-east-1"
    name        = "us-east-1"
    region      = "us-east-1"
    endpoint    = "ec2.us-east-1.amazonaws.com"
    description = "US East (N. Virginia)"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    id       = "us-east-1"
    names    = ["us-east-1a", "us-east-1b", "us-east-1c"]
    zone_ids = ["use1-az1", "use1-az2", "use1-az4"]
  }
}

# The regional Elastic Load Balancing account that writes ALB access logs (us-east-1).
mock_data "aws_elb_service_account" {
  defaults = {
    id  = "127311923021"
    arn = "arn:aws:iam::127311923021:root"
  }
}

# The public SSM parameter that names the current Ubuntu AMI.
mock_data "aws_ssm_parameter" {
  defaults = {
    arn            = "arn:aws:ssm:us-east-1::parameter/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id"
    type           = "String"
    value          = "ami-0123456789abcdef0"
    insecure_value = "ami-0123456789abcdef0"
    version        = 1
  }
}

mock_data "aws_elastic_beanstalk_solution_stack" {
  defaults = {
    name = "64bit Amazon Linux 2023 v4.5.0 running Python 3.11"
  }
}

mock_data "aws_rds_engine_version" {
  defaults = {
    engine                  = "aurora-postgresql"
    version                 = "15.10"
    version_actual          = "15.10"
    parameter_group_family  = "aurora-postgresql15"
    default_character_set   = ""
  }
}

mock_data "aws_acm_certificate" {
  defaults = {
    arn    = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
    status = "ISSUED"
  }
}

# The target group Elastic Beanstalk created for a process on the shared ALB, as its tags find it.
mock_data "aws_lb_target_group" {
  defaults = {
    id         = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/awseb-AWSEB-1A2B3C4D5E6F7/0123456789abcdef"
    arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/awseb-AWSEB-1A2B3C4D5E6F7/0123456789abcdef"
    arn_suffix = "targetgroup/awseb-AWSEB-1A2B3C4D5E6F7/0123456789abcdef"
    name       = "awseb-AWSEB-1A2B3C4D5E6F7"
    port       = 8080
    protocol   = "HTTP"
  }
}
