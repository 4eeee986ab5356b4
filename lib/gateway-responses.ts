import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';

/**
 * Every answer API Gateway gives on its own (before or instead of the Lambda) in the awsJson error shape, so a
 * client's SDK throws the right exception class and retries what is retryable: THROTTLED is a
 * ThrottlingException, a timed-out or failed integration a ServiceUnavailableException.
 */
export const GATEWAY_RESPONSES: readonly { readonly type: ResponseType; readonly errorType: string }[] = [
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, errorType: 'MissingAuthenticationTokenException' },
  { type: ResponseType.INVALID_SIGNATURE, errorType: 'InvalidSignatureException' },
  { type: ResponseType.EXPIRED_TOKEN, errorType: 'ExpiredTokenException' },
  { type: ResponseType.UNAUTHORIZED, errorType: 'UnrecognizedClientException' },
  { type: ResponseType.ACCESS_DENIED, errorType: 'AccessDeniedException' },
  { type: ResponseType.WAF_FILTERED, errorType: 'AccessDeniedException' },
  { type: ResponseType.THROTTLED, errorType: 'ThrottlingException' },
  { type: ResponseType.QUOTA_EXCEEDED, errorType: 'ThrottlingException' },
  { type: ResponseType.REQUEST_TOO_LARGE, errorType: 'InvalidInputException' },
  { type: ResponseType.BAD_REQUEST_BODY, errorType: 'InvalidInputException' },
  { type: ResponseType.BAD_REQUEST_PARAMETERS, errorType: 'InvalidInputException' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, errorType: 'InvalidInputException' },
  { type: ResponseType.RESOURCE_NOT_FOUND, errorType: 'UnknownOperationException' },
  { type: ResponseType.INTEGRATION_TIMEOUT, errorType: 'ServiceUnavailableException' },
  { type: ResponseType.INTEGRATION_FAILURE, errorType: 'ServiceUnavailableException' },
  { type: ResponseType.API_CONFIGURATION_ERROR, errorType: 'InternalServerError' },
  { type: ResponseType.DEFAULT_4XX, errorType: 'InvalidInputException' },
  { type: ResponseType.DEFAULT_5XX, errorType: 'ServiceUnavailableException' },
];

export function addAwsJsonGatewayResponses(api: RestApi): void {
  for (const { type, errorType } of GATEWAY_RESPONSES) {
    api.addGatewayResponse(`GatewayResponse${type.responseType}`, {
      type,
      responseHeaders: {
        'Content-Type': "'application/x-amz-json-1.1'",
        'x-amzn-ErrorType': `'${errorType}'`,
      },
      templates: {
        // messageString is the message already quoted as a JSON string.
        'application/json': `{"__type":"${errorType}","Message":$context.error.messageString}`,
      },
    });
  }
}
