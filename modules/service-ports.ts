/**
 * The ports the data services listen on, shared by the services' modules and the security groups that
 * open them: a security group module need not load a service's provider classes to know its port.
 */
export const POSTGRES_PORT = 5432;
export const REDIS_PORT = 6379;
