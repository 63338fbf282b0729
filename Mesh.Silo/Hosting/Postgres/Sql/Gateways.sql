-- Client gateways: the members with the given status (Active) that opened a gateway port.
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = CAST(@DeploymentId AS varchar)
  AND Status = CAST(@Status AS integer)
  AND ProxyPort > 0;
