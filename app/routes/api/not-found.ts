import { ApiError } from "../../api/errors";
import { errorResponse } from "../../api/route.server";

// Unknown /api/v1 paths answer in the API's JSON error format, not with the HTML error page.
const notFound = ({ request }: { request: Request }) =>
  errorResponse(new ApiError(404, "NOT_FOUND", `No API route ${new URL(request.url).pathname}`));

export const loader = notFound;
export const action = notFound;
