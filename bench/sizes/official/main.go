// Command official is the binary-size program for the official client: it
// loads the AWS configuration with config.LoadDefaultConfig and calls
// AdminSetUserPassword through service/cognitoidentityprovider.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: official POOL_ID USERNAME PASSWORD")
		os.Exit(2)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	client := cip.NewFromConfig(cfg)
	_, err = client.AdminSetUserPassword(ctx, &cip.AdminSetUserPasswordInput{
		UserPoolId: aws.String(os.Args[1]), Username: aws.String(os.Args[2]), Password: aws.String(os.Args[3]), Permanent: true,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("password set")
}
