package cognitotest

// srpAuth starts USER_SRP_AUTH.
func (s *Server) srpAuth(c *call, p *poolState, client *clientState, params map[string]string) (any, *apiError) {
	return nil, errInvalidParameter("cognitotest: the USER_SRP_AUTH flow is not supported yet")
}

// answerPasswordVerifier answers PASSWORD_VERIFIER.
func (s *Server) answerPasswordVerifier(c *call, p *poolState, client *clientState, responses map[string]string) (any, *apiError) {
	return nil, errInvalidParameter("cognitotest: the PASSWORD_VERIFIER challenge is not supported yet")
}
