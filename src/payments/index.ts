export { createGiniPayClient, type GiniApiHost, giniApiHosts, giniApiHostVersions, type GiniPayClientOptions, withMediaTypeVersion } from "./client.js";
export { PaymentError, PaymentInputError, PaymentTimeoutError } from "./errors.js";
export {
  type CreatedPaymentRequest,
  createPaymentRequestFromExtractions,
  type FromExtractionsOptions,
  type GiniClientConfiguration,
  type GiniPayment,
  type GiniPaymentProvider,
  type GiniPaymentRequest,
  type GiniPaymentRequestInput,
  type GiniResolvedPaymentRequest,
  paymentExtractionLabels,
  readPaymentRequest,
  resolvePaymentRequest,
  type WaitForPaymentOptions,
  waitForPayment,
} from "./payments.js";
